"""Mistake: undo_scaling changes the array it is given in place and returns it, so the caller's
scaled values are gone."""

CAUGHT_BY = {"test_scaling_comes_from_the_training_part_alone": "changed its argument scaled in place"}


def undo_scaling(values, scaling):
    mean, std = scaling
    values *= std
    values += mean
    return values
