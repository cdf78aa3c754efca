"""Broken: make_windows never returns; its index never moves forward."""

import numpy as np


def make_windows(series, time_steps):
    windows = []
    i = 0
    while i < len(series) - time_steps:
        windows.append(series[i : i + time_steps])
    return np.array(windows), np.array(series[time_steps:])
