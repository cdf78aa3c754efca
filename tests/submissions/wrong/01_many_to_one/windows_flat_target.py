"""Mistake: y keeps shape (N,) instead of (N, 1)."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_windows_returns_float32_arrays_of_the_right_shape': 'one column per target'}


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps >= 1.")
    count = len(series) - time_steps
    x = np.stack([series[i : i + time_steps] for i in range(count)])
    return x[:, :, None], series[time_steps:]
