"""Kata 02: a many-to-many LSTM with one prediction per time step.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/02_many_to_many
"""

import keras
import numpy as np
from keras import layers


def make_step_windows(series, time_steps):
    """Cut a 1-D series into windows, each paired with the same window shifted one step ahead.

    series:     1-D array-like of length L
    time_steps: the window length, at least 1 and less than L

    Returns (x, y), both float32:
        x: (L - time_steps, time_steps, 1), where x[i, :, 0] == series[i:i + time_steps]
        y: (L - time_steps, time_steps, 1), where y[i, :, 0] == series[i + 1:i + time_steps + 1]

    Raises ValueError when series is not 1-D, time_steps < 1 or L <= time_steps.
    """
    # TODO: check the arguments as in kata 01 and raise ValueError with a sentence.
    # TODO: pair every window with the same window moved one step later.
    raise NotImplementedError("cut the series into (x, y) windows where y is x shifted one step ahead")


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    """Build an LSTM that emits one prediction per time step.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, time_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    # TODO: build the model the lesson describes: a prediction at every step, from the steps so far.
    raise NotImplementedError("add TimeDistributed for per-step outputs")
