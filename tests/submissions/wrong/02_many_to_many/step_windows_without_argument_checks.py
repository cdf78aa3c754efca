"""Mistake: no argument checks: bad input crashes inside numpy or returns nonsense."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_make_step_windows_rejects_bad_input_with_value_error': 'ValueError'}


def make_step_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    spans = np.lib.stride_tricks.sliding_window_view(series, time_steps + 1)
    return spans[:, :-1, None].copy(), spans[:, 1:, None].copy()
