"""Mistake: the targets hold horizon - 1 values."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_multistep_windows_pair_each_input_with_the_next_horizon_values': 'off by one'}


def make_multistep_windows(series, time_steps, horizon):
    """Inputs of `time_steps` values, each paired with the `horizon` values that follow it.

    Returns (x, y), float32: x of shape (N, time_steps, 1) and y of shape (N, horizon), with
    N = len(series) - time_steps - horizon + 1; x[i, :, 0] == series[i:i + time_steps] and
    y[i] == series[i + time_steps:i + time_steps + horizon].
    Raises ValueError when the series is not 1-D, time_steps or horizon is below 1, or the
    series is too short for one window.
    """
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D; got shape {series.shape}.")
    if time_steps < 1 or horizon < 1:
        raise ValueError(f"time_steps and horizon must be at least 1; got {time_steps} and {horizon}.")
    if len(series) < time_steps + horizon:
        raise ValueError(
            f"a series of {len(series)} values is too short for {time_steps} inputs and {horizon} targets."
        )
    spans = np.lib.stride_tricks.sliding_window_view(series, time_steps + horizon)
    # The targets start right after the inputs: no target is ever one of its own inputs.
    return spans[:, :time_steps, np.newaxis].copy(), spans[:, time_steps + 1 :].copy()
