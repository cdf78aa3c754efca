"""Mistake: every LSTM returns sequences, the last one too."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_dim_values_per_sequence': 'last LSTM must not set return_sequences=True', 'test_every_lstm_but_the_last_returns_sequences': 'expected return_sequences=False on the last LSTM'}


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    if not layer_units:
        raise ValueError("layer_units needs at least one LSTM size.")
    model = keras.Sequential([keras.Input(shape=(time_steps, features))])
    for units in layer_units:
        model.add(layers.LSTM(units, return_sequences=True))
    model.add(layers.Dense(output_dim))
    model.compile(optimizer="adam", loss="mse")
    return model
