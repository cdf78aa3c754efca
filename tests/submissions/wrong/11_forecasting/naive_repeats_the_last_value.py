"""Mistake: the baseline repeats the last value instead of the last season."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_seasonal_naive_repeats_the_last_season': 'one season before'}


def seasonal_naive(history, horizon, season=12):
    """The baseline: each future month repeats the same month one season earlier."""
    history = np.asarray(history, dtype=np.float64)
    if history.ndim != 1 or len(history) < season:
        raise ValueError(f"history needs at least one season of {season} values; got shape {history.shape}.")
    last_season = history[-season:]
    return np.full(horizon, history[-1])
