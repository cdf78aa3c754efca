"""Mistake: y[i] is the last value inside window i, not the value after it."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_windows_pairs_each_window_with_the_next_value': 'off by one'}


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps >= 1.")
    count = len(series) - time_steps
    x = np.stack([series[i : i + time_steps] for i in range(count)])
    y = np.array([series[i + time_steps - 1] for i in range(count)], dtype=np.float32)
    return x[:, :, None], y[:, None]
