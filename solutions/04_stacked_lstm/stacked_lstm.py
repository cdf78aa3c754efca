"""Kata 04 reference solution: a stack of LSTMs that predicts one value per sequence."""

import keras
from keras import layers


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    """Build a stack of LSTMs, one per entry of layer_units, then a Dense output.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    Raises ValueError when layer_units is empty.
    """
    layer_units = list(layer_units)
    if not layer_units:
        raise ValueError("layer_units is empty; give at least one LSTM size, such as (32, 16).")
    inputs = keras.Input(shape=(time_steps, features))
    hidden = inputs
    for position, units in enumerate(layer_units):
        # Every LSTM but the last hands the next one a whole sequence, not only its last step.
        is_last = position == len(layer_units) - 1
        hidden = layers.LSTM(units, return_sequences=not is_last)(hidden)
    outputs = layers.Dense(output_dim)(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model
