"""Mistake: the differences are added up from 0, not from the last known value."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_differencing_and_its_inverse_give_the_series_back': 'starts from 0', 'test_forecast_comes_back_in_the_series_units': 'starts from 0'}


def undo_difference(differences, last_value):
    """The levels that follow `last_value` when these differences are added one by one."""
    return np.cumsum(np.asarray(differences, dtype=np.float64))
