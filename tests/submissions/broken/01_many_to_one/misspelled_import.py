"""Broken: a misspelled module name on line 4."""

import numpy as np
import kerass


def make_windows(series, time_steps):
    return np.zeros((1, 1, 1)), np.zeros((1, 1))
