"""Correct, written another way: loops instead of numpy slicing, scaling as a dict, a
Sequential model with input_shape-free keras.Input, and predict() in the forecast."""

import math

import keras
import numpy as np


def chronological_split(series, test_fraction):
    values = [float(v) for v in np.asarray(series).ravel()] if np.ndim(series) == 1 else None
    if values is None:
        raise ValueError("series must be one-dimensional")
    if test_fraction <= 0 or test_fraction >= 1:
        raise ValueError("test_fraction must lie strictly between 0 and 1")
    n_test = round(len(values) * test_fraction)
    if n_test == 0 or n_test == len(values):
        raise ValueError("that fraction leaves the train or the test part empty")
    cut = len(values) - n_test
    return np.array(values[:cut]), np.array(values[cut:])


def fit_scaling(train):
    values = [float(v) for v in train]
    mean = sum(values) / len(values)
    return {"mean": mean, "std": math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))}


def apply_scaling(values, scaling):
    if isinstance(scaling, dict):
        mean, std = scaling["mean"], scaling["std"]
    else:
        mean, std = scaling
    return np.array([(float(v) - mean) / std for v in values])


def undo_scaling(values, scaling):
    mean, std = (scaling["mean"], scaling["std"]) if isinstance(scaling, dict) else scaling
    return np.array([float(v) * std + mean for v in np.ravel(values)])


def difference(series):
    return np.array([series[i + 1] - series[i] for i in range(len(series) - 1)], dtype=float)


def undo_difference(differences, last_value):
    levels, level = [], float(last_value)
    for change in differences:
        level += float(change)
        levels.append(level)
    return np.array(levels)


def make_multistep_windows(series, time_steps, horizon):
    series = np.asarray(series, dtype="float32")
    if series.ndim != 1 or time_steps < 1 or horizon < 1 or len(series) < time_steps + horizon:
        raise ValueError("need a 1-D series with room for time_steps inputs and horizon targets")
    count = len(series) - time_steps - horizon + 1
    x = np.array([series[i : i + time_steps] for i in range(count)], dtype="float32").reshape(count, time_steps, 1)
    y = np.array([series[i + time_steps : i + time_steps + horizon] for i in range(count)], dtype="float32")
    return x, y


def build_multistep_forecaster(time_steps, horizon, units=32):
    model = keras.Sequential([keras.Input(shape=(time_steps, 1)), keras.layers.LSTM(units), keras.layers.Dense(horizon)])
    model.compile(optimizer=keras.optimizers.Adam(), loss="mean_squared_error")
    return model


def seasonal_naive(history, horizon, season=12):
    if len(history) < season:
        raise ValueError("the history is shorter than one season")
    return np.resize(np.asarray(history, dtype=float)[-season:], horizon)


def forecast(model, history, scaling, time_steps, horizon):
    changes = apply_scaling(difference(np.asarray(history, dtype=float)), scaling)
    window = changes[-time_steps:].reshape(1, time_steps, 1).astype("float32")
    predicted = model.predict(window, verbose=0)[0][:horizon]
    return undo_difference(undo_scaling(predicted, scaling), history[-1])
