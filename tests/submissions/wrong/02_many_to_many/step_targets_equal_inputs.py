"""Mistake: y is x itself: the targets are not shifted one step ahead."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_step_windows_targets_are_the_inputs_one_step_later': 'x itself'}


def make_step_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps >= 1.")
    count = len(series) - time_steps
    x = np.stack([series[i : i + time_steps] for i in range(count)])[:, :, None]
    return x, x.copy()
