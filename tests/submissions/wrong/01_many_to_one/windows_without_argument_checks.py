"""Mistake: no argument checks: bad input crashes inside numpy or returns nonsense."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_windows_rejects_bad_input_with_value_error': 'expected a ValueError'}


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    count = len(series) - time_steps
    x = np.stack([series[i : i + time_steps] for i in range(count)])
    return x[:, :, None], series[time_steps:, None]
