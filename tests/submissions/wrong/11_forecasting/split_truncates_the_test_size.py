"""Mistake: the test part's size is truncated with int() instead of rounded."""

import numpy as np

CAUGHT_BY = {"test_chronological_split_keeps_time_order": "It truncates"}


def chronological_split(series, test_fraction):
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1 or not 0 < test_fraction < 1:
        raise ValueError("series must be 1-D and test_fraction strictly between 0 and 1.")
    test_size = int(len(series) * test_fraction)
    if test_size < 1 or test_size >= len(series):
        raise ValueError("that test_fraction leaves an empty part.")
    return series[:-test_size], series[-test_size:]
