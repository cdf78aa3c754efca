"""Mistake: TimeDistributed(Dense(output_dim, activation="sigmoid")) on a regression target."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_one_forward_lstm_returning_sequences_then_time_distributed_dense': 'sigmoid', 'test_model_learns_the_running_sum_at_every_step': 'sigmoid'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim, activation="sigmoid"))])
    model.compile(optimizer="adam", loss="mse")
    return model
