"""Kata 01 reference solution: a many-to-one LSTM that predicts the next value of a series."""

import keras
import numpy as np
from keras import layers


def make_windows(series, time_steps):
    """Cut a 1-D series into overlapping windows, each paired with the value that follows it.

    series:     1-D array-like of length L
    time_steps: the window length, at least 1 and less than L

    Returns (x, y), both float32:
        x: (L - time_steps, time_steps, 1), where x[i, :, 0] == series[i:i + time_steps]
        y: (L - time_steps, 1),             where y[i, 0] == series[i + time_steps]

    Raises ValueError when series is not 1-D, time_steps < 1 or L <= time_steps.
    """
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D; got an array of shape {series.shape}.")
    if time_steps < 1:
        raise ValueError(f"time_steps must be at least 1; got {time_steps}.")
    if len(series) <= time_steps:
        raise ValueError(
            f"series has {len(series)} values, so windows of {time_steps} steps leave no "
            "value to predict; give a series longer than time_steps."
        )
    count = len(series) - time_steps
    # Window i covers series[i : i + time_steps]; its target is the very next value.
    x = np.stack([series[i : i + time_steps] for i in range(count)])
    y = series[time_steps:]
    # Keras LSTMs expect (samples, time_steps, features); y keeps one column per sample.
    return x[:, :, np.newaxis], y[:, np.newaxis]


def build_many_to_one(time_steps, features, units=50):
    """Build an LSTM that reads a whole sequence and predicts one value.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, 1)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    inputs = keras.Input(shape=(time_steps, features))
    # Without return_sequences the LSTM hands on only its state after the last step.
    summary = layers.LSTM(units)(inputs)
    # No activation: the prediction is an unbounded real number.
    prediction = layers.Dense(1)(summary)
    model = keras.Model(inputs, prediction)
    model.compile(optimizer="adam", loss="mse")
    return model
