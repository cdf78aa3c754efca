"""Mistake: num_samples - int(num_samples * validation_split) training samples: the validation
part rounded down, so the training part is rounded up."""

import math

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_steps_per_epoch_matches_what_fit_really_runs': 'floor(10 * (1 - 0.25)) = 7'}


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    return math.ceil((num_samples - int(num_samples * validation_split)) / batch_size)
