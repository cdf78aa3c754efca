"""Correct, written another way: tf.keras, the Functional API, an RNN wrapping an LSTMCell,
sliding_window_view, and the loss given as a function."""

import numpy as np
import tensorflow as tf


def make_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or time_steps < 1 or series.shape[0] <= time_steps:
        raise ValueError(f"cannot cut a series of shape {series.shape} into {time_steps}-step windows")
    windows = np.lib.stride_tricks.sliding_window_view(series[:-1], time_steps)
    return np.expand_dims(windows, -1).copy(), series[time_steps:].reshape(-1, 1)


def build_many_to_one(time_steps, features, units=50):
    inputs = tf.keras.Input(shape=(time_steps, features), name="sequence")
    hidden = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(units))(inputs)
    outputs = tf.keras.layers.Dense(1, activation="linear")(hidden)
    model = tf.keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.002), loss=tf.keras.losses.MSE)
    return model
