"""Mistake: windows cut from series[:-time_steps], as some tutorials write it: time_steps - 1
windows too few."""

import numpy as np

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_windows_returns_float32_arrays_of_the_right_shape': 'windows too few'}


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps, which must be at least 1")
    x = np.lib.stride_tricks.sliding_window_view(series[:-time_steps], time_steps)
    y = series[time_steps : time_steps + len(x)]
    return x[:, :, np.newaxis].copy(), y[:, np.newaxis].copy()
