"""Mistake: LSTM (last step only), then RepeatVector, then TimeDistributed(Dense): the same output shape and parameter count as the right model, but every step gets the same prediction."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_one_forward_lstm_returning_sequences_then_time_distributed_dense': 'RepeatVector only copies', 'test_model_learns_the_running_sum_at_every_step': 'RepeatVector copies'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.RepeatVector(time_steps), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
