"""Mistake: fit_scaling returns (standard deviation, mean), and apply_scaling and undo_scaling
read them in that order, so the three agree with each other but not with the lesson's contract."""

import numpy as np

CAUGHT_BY = {
    "test_scaling_comes_from_the_training_part_alone": "swapped",
    "test_scaling_a_test_part_uses_the_training_statistics": "swapped",
}


def fit_scaling(train):
    train = np.asarray(train, dtype=np.float64)
    return float(train.std()), float(train.mean())


def apply_scaling(values, scaling):
    std, mean = scaling
    return (np.asarray(values, dtype=np.float64) - mean) / std


def undo_scaling(values, scaling):
    std, mean = scaling
    return np.asarray(values, dtype=np.float64) * std + mean
