"""Correct, written another way: tf.keras, the Functional API with an input of any length,
'mean_squared_error' spelled out, and windows built with array slicing."""

import numpy as np
import tensorflow as tf


def make_step_windows(series, time_steps):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1 or not 1 <= time_steps < len(series):
        raise ValueError("need a 1-D series longer than time_steps >= 1")
    count = len(series) - time_steps
    index = np.arange(count)[:, None] + np.arange(time_steps)[None, :]
    return series[index][..., None], series[index + 1][..., None]


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    inputs = tf.keras.Input(shape=(None, features))
    states = tf.keras.layers.LSTM(units=units, return_sequences=True)(inputs)
    outputs = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(units=output_dim))(states)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mean_squared_error")
    return model
