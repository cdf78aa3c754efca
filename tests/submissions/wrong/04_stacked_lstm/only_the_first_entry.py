"""Mistake: one LSTM with layer_units[0] units, however many entries there are."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_every_lstm_but_the_last_returns_sequences': 'Build one LSTM per entry of layer_units'}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    if not layer_units:
        raise ValueError("layer_units needs at least one LSTM size.")
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    model.add(layers.LSTM(layer_units[0]))
    model.add(layers.Dense(output_dim))
    model.compile(optimizer="adam", loss="mse")
    return model
