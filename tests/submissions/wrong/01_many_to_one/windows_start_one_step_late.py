"""Mistake: window i starts at series[i + 1], so windows and targets drift apart."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_windows_pairs_each_window_with_the_next_value': 'start one step late'}


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps >= 1.")
    count = len(series) - time_steps
    padded = np.append(series, series[-1])
    x = np.stack([padded[i + 1 : i + 1 + time_steps] for i in range(count)])
    return x[:, :, None], series[time_steps:, None]
