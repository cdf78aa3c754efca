"""Mistake: round(num_samples * (1 - validation_split)) training samples, where fit keeps the floor."""

import math

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_steps_per_epoch_matches_what_fit_really_runs': 'floor(1000 * (1 - 0.9)) = 99'}


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    return math.ceil(round(num_samples * (1 - validation_split)) / batch_size)
