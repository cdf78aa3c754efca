"""Mistake: a forward LSTM(2 * units): as many outputs per step, but no view of the future."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_a_bidirectional_lstm_with_concat_then_time_distributed_dense': 'expected Bidirectional(LSTM(', 'test_parameter_count_matches_two_lstms_and_a_dense_on_both': 'two LSTMs, one per direction', 'test_model_learns_the_sum_of_each_steps_two_neighbours': 'wrap the LSTM in Bidirectional'}


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(2 * units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
