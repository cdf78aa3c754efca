"""Mistake: undo_difference adds up the differences in the array it is given, so the caller's
differences become levels."""

import numpy as np

CAUGHT_BY = {"test_differencing_and_its_inverse_give_the_series_back": "changed its argument differences in place"}


def undo_difference(differences, last_value):
    np.cumsum(differences, out=differences)
    differences += last_value
    return differences
