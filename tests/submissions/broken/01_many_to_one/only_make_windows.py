"""Broken: build_many_to_one is missing (a learner who has done only the first task)."""

import numpy as np


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps >= 1.")
    x = np.lib.stride_tricks.sliding_window_view(series[:-1], time_steps)
    return x[:, :, None].copy(), series[time_steps:, None]
