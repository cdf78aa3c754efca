"""Mistake: chronological_split checks only the fraction, so a 2-D series or a split that
leaves the training part empty goes through."""

import numpy as np

CAUGHT_BY = {"test_chronological_split_rejects_a_fraction_that_leaves_a_part_empty": "expected a ValueError"}


def chronological_split(series, test_fraction):
    series = np.asarray(series, dtype=np.float64)
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be strictly between 0 and 1; got {test_fraction}.")
    test_size = max(1, int(round(len(series) * test_fraction)))
    return series[:-test_size], series[-test_size:]
