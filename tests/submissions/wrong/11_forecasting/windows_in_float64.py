"""Mistake: the windows are float64, the series' own dtype, not the float32 Keras trains in."""

import numpy as np

CAUGHT_BY = {"test_multistep_windows_pair_each_input_with_the_next_horizon_values": "expected float32"}


def make_multistep_windows(series, time_steps, horizon):
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1 or time_steps < 1 or horizon < 1 or len(series) < time_steps + horizon:
        raise ValueError("series must be 1-D and hold time_steps + horizon values; both at least 1.")
    spans = np.lib.stride_tricks.sliding_window_view(series, time_steps + horizon)
    return spans[:, :time_steps, np.newaxis].copy(), spans[:, time_steps:].copy()
