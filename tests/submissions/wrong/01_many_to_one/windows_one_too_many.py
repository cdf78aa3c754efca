"""Mistake: one window per start position, including the last one, which has no next value."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_windows_returns_float32_arrays_of_the_right_shape': 'one window too many'}


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps >= 1.")
    x = np.lib.stride_tricks.sliding_window_view(series, time_steps)
    return x[:, :, None].copy(), series[time_steps:, None]
