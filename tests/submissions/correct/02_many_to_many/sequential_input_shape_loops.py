"""Correct, written another way: Python loops, a Sequential model with input_shape=,
Adam() and MeanSquaredError() objects, and a relu LSTM."""

import keras
import numpy as np


def make_step_windows(series, time_steps):
    series = np.asarray(series, dtype="float32")
    if series.ndim != 1:
        raise ValueError("series must be one-dimensional")
    if time_steps < 1 or len(series) <= time_steps:
        raise ValueError("time_steps must be at least 1 and less than the series length")
    x = np.zeros((len(series) - time_steps, time_steps, 1), dtype="float32")
    y = np.zeros_like(x)
    for i in range(len(series) - time_steps):
        for t in range(time_steps):
            x[i, t, 0] = series[i + t]
            y[i, t, 0] = series[i + t + 1]
    return x, y


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential(
        [
            keras.layers.LSTM(units, activation="relu", return_sequences=True, input_shape=(time_steps, features)),
            keras.layers.TimeDistributed(keras.layers.Dense(output_dim)),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError())
    return model
