"""Mistake: no check for an empty layer_units: it builds a model with no LSTM at all."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_empty_layer_units_is_rejected_with_value_error': 'expected a ValueError'}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    for position, units in enumerate(layer_units):
        model.add(layers.LSTM(units, return_sequences=position < len(layer_units) - 1))
    model.add(layers.Flatten())
    model.add(layers.Dense(output_dim))
    model.compile(optimizer="adam", loss="mse")
    return model
