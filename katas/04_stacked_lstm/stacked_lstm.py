"""Kata 04: a stack of LSTMs.

Read README.md in this folder, then replace the `raise NotImplementedError` with your code.
Check your work with:  pytest katas/04_stacked_lstm
"""

import keras
from keras import layers


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    """Build a stack of LSTMs, one per entry of layer_units, then a Dense output.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    Raises ValueError when layer_units is empty.
    """
    # TODO: raise ValueError with a sentence when layer_units is empty.
    # TODO: build the stack the lesson describes: one LSTM per entry of layer_units, then the output.
    raise NotImplementedError("stack one LSTM per entry of layer_units, outputting shape (N, output_dim)")
