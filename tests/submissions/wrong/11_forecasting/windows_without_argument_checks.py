"""Mistake: make_multistep_windows checks nothing, so bad arguments give empty or broken windows."""

import numpy as np

CAUGHT_BY = {"test_multistep_windows_reject_arguments_that_leave_no_window": "expected a ValueError"}


def make_multistep_windows(series, time_steps, horizon):
    series = np.asarray(series, dtype=np.float32)
    count = len(series) - time_steps - horizon + 1
    x = np.array([series[i : i + time_steps] for i in range(max(count, 0))], dtype=np.float32)
    y = np.array([series[i + time_steps : i + time_steps + horizon] for i in range(max(count, 0))], dtype=np.float32)
    return x[..., np.newaxis], y
