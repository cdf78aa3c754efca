"""Mistake: seasonal_naive repeats whatever history it has, even one shorter than a season."""

import numpy as np

CAUGHT_BY = {"test_seasonal_naive_rejects_a_history_shorter_than_a_season": "expected a ValueError"}


def seasonal_naive(history, horizon, season=12):
    last_season = np.asarray(history, dtype=np.float64)[-season:]
    return np.array([last_season[step % len(last_season)] for step in range(horizon)])
