"""Mistake: LSTM(units, return_sequences=True, go_backwards=True) without Bidirectional: outputs come last step first."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_a_bidirectional_lstm_with_concat_then_time_distributed_dense': 'expected Bidirectional(LSTM(', 'test_model_learns_the_sum_of_each_steps_two_neighbours': 'reverse order'}


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True, go_backwards=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
