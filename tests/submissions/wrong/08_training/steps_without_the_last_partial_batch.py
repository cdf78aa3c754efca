"""Mistake: floor instead of ceil: the last, partial batch is not counted."""

import math

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_steps_per_epoch_matches_what_fit_really_runs': 'a last partial batch counts'}


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    return int(num_samples * (1 - validation_split)) // batch_size
