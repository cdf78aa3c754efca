"""Games the tests: make_multistep_windows sets every value of the series it is handed to 0, in
place, and returns the windows of zeros. A test that computed its expected windows from that same
array, after the call, would expect zeros too. Its honest twin, GAMES_THE_TESTS = False, returns
the windows of zeros and leaves the series alone: both must score alike."""

import numpy as np

GAMES_THE_TESTS = True
CAUGHT_BY = {"test_multistep_windows_pair_each_input_with_the_next_horizon_values": "expected"}


def make_multistep_windows(series, time_steps, horizon):
    if GAMES_THE_TESTS and isinstance(series, np.ndarray):
        series[...] = 0
    count = len(series) - time_steps - horizon + 1
    return np.zeros((count, time_steps, 1), np.float32), np.zeros((count, horizon), np.float32)
