"""Mistake: a fixed (32, 16) stack whatever layer_units says."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_every_lstm_but_the_last_returns_sequences': 'recurrent layer(s)', 'test_parameter_count_is_the_sum_over_the_stack': 'expected'}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    if not layer_units:
        raise ValueError("layer_units needs at least one LSTM size.")
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    model.add(layers.LSTM(32, return_sequences=True))
    model.add(layers.LSTM(16))
    model.add(layers.Dense(output_dim))
    model.compile(optimizer="adam", loss="mse")
    return model
