"""Mistake: the series is shuffled before the split, so the model trains on the future."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_chronological_split_keeps_time_order': 'shuffled split'}


def chronological_split(series, test_fraction):
    """Split a series in time order: the first part to train on, the last to test on.

    test_fraction: the share of the values that go to the test part, strictly between 0 and 1;
                   the test part has round(len(series) * test_fraction) values.

    Returns (train, test), float arrays with train followed by test equal to the series.
    Raises ValueError when the series is not 1-D, or either part would be empty.
    """
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D; got shape {series.shape}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be strictly between 0 and 1; got {test_fraction}.")
    test_size = int(round(len(series) * test_fraction))
    if test_size < 1 or test_size >= len(series):
        raise ValueError(
            f"test_fraction={test_fraction} of {len(series)} values leaves an empty part; choose another."
        )
    # No shuffling: the test part must lie after everything the model learns from.
    shuffled = np.random.default_rng(0).permutation(series)
    return shuffled[:-test_size], shuffled[-test_size:]
