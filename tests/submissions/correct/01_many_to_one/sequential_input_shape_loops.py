"""Correct, written another way: Python loops, a Sequential model with input_shape=,
Adam() and MeanSquaredError() objects, and a relu LSTM."""

import keras
import numpy as np


def make_windows(series, time_steps):
    values = list(np.asarray(series).tolist()) if hasattr(series, "tolist") else list(series)
    if np.ndim(series) != 1:
        raise ValueError("series must be one-dimensional")
    if time_steps < 1:
        raise ValueError("time_steps must be positive")
    if len(values) <= time_steps:
        raise ValueError("series is too short for that many time steps")
    x, y = [], []
    for start in range(len(values) - time_steps):
        x.append([[value] for value in values[start : start + time_steps]])
        y.append([values[start + time_steps]])
    return np.array(x, dtype="float32"), np.array(y, dtype="float32")


def build_many_to_one(time_steps, features, units=50):
    model = keras.models.Sequential()
    model.add(keras.layers.LSTM(units, activation="relu", input_shape=(time_steps, features)))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError())
    return model
