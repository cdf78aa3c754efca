"""Mistake: LSTM(output_dim, return_sequences=True) as the output: the right shape, no Dense."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_parameter_count_matches_lstm_formula': 'no Dense layer'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(output_dim, return_sequences=True)])
    model.compile(optimizer="adam", loss="mse")
    return model
