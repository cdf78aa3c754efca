"""Mistake: all samples counted, although validation_split holds some out."""

import math

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_steps_per_epoch_matches_what_fit_really_runs': 'floor(100 * (1 - 0.2)) = 80'}


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    return math.ceil(num_samples / batch_size)
