"""Mistake: LSTM(units, return_sequences=True, go_backwards=True): step t sees the future, not the past."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_one_forward_lstm_returning_sequences_then_time_distributed_dense': 'go_backwards', 'test_model_learns_the_running_sum_at_every_step': 'go_backwards=True'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True, go_backwards=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
