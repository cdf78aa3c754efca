"""Kata 01: a many-to-one LSTM that predicts the next value of a series.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/01_many_to_one
"""

import keras
import numpy as np
from keras import layers


def make_windows(series, time_steps):
    """Cut a 1-D series into overlapping windows, each paired with the value that follows it.

    series:     1-D array-like of length L
    time_steps: the window length, at least 1 and less than L

    Returns (x, y), both float32:
        x: (L - time_steps, time_steps, 1), where x[i, :, 0] == series[i:i + time_steps]
        y: (L - time_steps, 1),             where y[i, 0] == series[i + time_steps]

    Raises ValueError when series is not 1-D, time_steps < 1 or L <= time_steps.
    """
    # TODO: check the arguments and raise ValueError with a sentence when they are bad.
    # TODO: pair every window of time_steps values with the value that follows it.
    raise NotImplementedError(
        "cut the series into (x, y) windows with x of shape (N, time_steps, 1) and y of shape (N, 1)"
    )


def build_many_to_one(time_steps, features, units=50):
    """Build an LSTM that reads a whole sequence and predicts one value.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, 1)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    # TODO: build the model the lesson describes: the whole window in, one number out.
    raise NotImplementedError("build a many-to-one model outputting shape (N, 1)")
