"""Correct, written another way: a plain Dense on the LSTM's sequence, as the TensorFlow
time-series tutorial writes it: Keras 3 applies a Dense to the last axis, so it is the same
model as TimeDistributed(Dense)."""

import keras
import numpy as np
from keras import layers


def make_step_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or len(series) <= time_steps:
        raise ValueError("series must be 1-D and longer than time_steps, which must be at least 1")
    x = np.stack([series[i : i + time_steps] for i in range(len(series) - time_steps)])
    y = np.stack([series[i + 1 : i + 1 + time_steps] for i in range(len(series) - time_steps)])
    return x[:, :, None], y[:, :, None]


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True), layers.Dense(output_dim)])
    model.compile(optimizer="adam", loss="mse")
    return model
