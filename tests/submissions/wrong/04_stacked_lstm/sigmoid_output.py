"""Mistake: Dense(output_dim, activation="sigmoid") on a regression target."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_every_lstm_but_the_last_returns_sequences': 'sigmoid', 'test_stack_learns_to_predict_the_next_value_of_a_sine_wave': 'sigmoid'}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    if not layer_units:
        raise ValueError("layer_units needs at least one LSTM size.")
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    for position, units in enumerate(layer_units):
        model.add(layers.LSTM(units, return_sequences=position < len(layer_units) - 1))
    model.add(layers.Dense(output_dim, activation="sigmoid"))
    model.compile(optimizer="adam", loss="mse")
    return model
