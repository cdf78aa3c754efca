"""Mistake: make_next_char_windows checks nothing: time_steps=0 or no id left to predict gives
empty or meaningless windows instead of a ValueError."""

import numpy as np

CAUGHT_BY = {"test_next_char_windows_reject_arguments_that_leave_no_window": "expected a ValueError"}


def make_next_char_windows(ids, time_steps):
    ids = np.asarray(ids, dtype=np.int32)
    x = np.array([ids[i : i + time_steps] for i in range(len(ids) - time_steps)], dtype=np.int32)
    return x, ids[time_steps:]
