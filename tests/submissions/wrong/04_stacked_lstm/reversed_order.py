"""Mistake: the LSTMs in reverse order of layer_units."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_every_lstm_but_the_last_returns_sequences': 'as LSTM number 1; expected LSTM('}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    if not layer_units:
        raise ValueError("layer_units needs at least one LSTM size.")
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    sizes = list(layer_units)[::-1]
    for position, units in enumerate(sizes):
        model.add(layers.LSTM(units, return_sequences=position < len(sizes) - 1))
    model.add(layers.Dense(output_dim))
    model.compile(optimizer="adam", loss="mse")
    return model
