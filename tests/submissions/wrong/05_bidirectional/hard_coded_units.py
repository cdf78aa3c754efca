"""Mistake: Bidirectional(LSTM(32)) whatever units is asked for."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_a_bidirectional_lstm_with_concat_then_time_distributed_dense': 'expected LSTM(12)', 'test_parameter_count_matches_two_lstms_and_a_dense_on_both': '2*4*8*(8+3+1)'}


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.Bidirectional(layers.LSTM(32, return_sequences=True)), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
