"""Mistake: every part is scaled with its own mean and standard deviation, so the test part's statistics leak."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_scaling_a_test_part_uses_the_training_statistics': 'its own statistics'}


def apply_scaling(values, scaling):
    """Values in units of the training part's standard deviation, centred on its mean."""
    values = np.asarray(values, dtype=np.float64)
    return (values - values.mean()) / values.std()
