"""Kata 02 reference solution: a many-to-many LSTM with one prediction per time step."""

import keras
import numpy as np
from keras import layers


def make_step_windows(series, time_steps):
    """Cut a 1-D series into windows, each paired with the same window shifted one step ahead.

    series:     1-D array-like of length L
    time_steps: the window length, at least 1 and less than L

    Returns (x, y), both float32:
        x: (L - time_steps, time_steps, 1), where x[i, :, 0] == series[i:i + time_steps]
        y: (L - time_steps, time_steps, 1), where y[i, :, 0] == series[i + 1:i + time_steps + 1]

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
    # Every window of time_steps + 1 values gives an input (all but the last value)
    # and a target (all but the first): at each step, the next value.
    spans = np.lib.stride_tricks.sliding_window_view(series, time_steps + 1)
    x = spans[:, :-1]
    y = spans[:, 1:]
    return x[:, :, np.newaxis].copy(), y[:, :, np.newaxis].copy()


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    """Build an LSTM that emits one prediction per time step.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, time_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    inputs = keras.Input(shape=(time_steps, features))
    # return_sequences=True keeps the LSTM's output at every step, not only the last.
    sequence = layers.LSTM(units, return_sequences=True)(inputs)
    # The same Dense layer, with the same weights, maps each step's output to a prediction.
    predictions = layers.TimeDistributed(layers.Dense(output_dim))(sequence)
    model = keras.Model(inputs, predictions)
    model.compile(optimizer="adam", loss="mse")
    return model
