"""Mistake: Dense(1) whatever output_dim is asked for."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_dim_values_per_sequence': 'expected (None, 2)'}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    if not layer_units:
        raise ValueError("layer_units needs at least one LSTM size.")
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    for position, units in enumerate(layer_units):
        model.add(layers.LSTM(units, return_sequences=position < len(layer_units) - 1))
    model.add(layers.Dense(1))
    model.compile(optimizer="adam", loss="mse")
    return model
