"""Kata 11 reference solution: forecasting a real series without fooling yourself."""

import keras
import numpy as np
from keras import layers


def chronological_split(series, test_fraction):
    """Split a series in time order: the first part to train on, the last to test on.

    test_fraction: the share of the values that go to the test part, strictly between 0 and 1;
                   the test part has round(len(series) * test_fraction) values.

    Returns (train, test), float arrays with train followed by test equal to the series.
    Raises ValueError when the series is not 1-D, or either part would be empty.
    """
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D; got shape {series.shape}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be strictly between 0 and 1; got {test_fraction}.")
    test_size = int(round(len(series) * test_fraction))
    if test_size < 1 or test_size >= len(series):
        raise ValueError(f"test_fraction={test_fraction} of {len(series)} values leaves an empty part; choose another.")
    # No shuffling: the test part must lie after everything the model learns from.
    return series[:-test_size], series[-test_size:]


def fit_scaling(train):
    """The statistics to scale with, from the training part only: (mean, standard deviation)."""
    train = np.asarray(train, dtype=np.float64)
    if train.ndim != 1 or len(train) < 2:
        raise ValueError(f"train must be a 1-D series of at least 2 values; got shape {train.shape}.")
    std = float(train.std())
    if std == 0:
        raise ValueError("train is constant, so it cannot be scaled to unit variance.")
    return float(train.mean()), std


def apply_scaling(values, scaling):
    """Values in units of the training part's standard deviation, centred on its mean."""
    mean, std = scaling
    return (np.asarray(values, dtype=np.float64) - mean) / std


def undo_scaling(values, scaling):
    """Scaled values back in the series' units."""
    mean, std = scaling
    return np.asarray(values, dtype=np.float64) * std + mean


def difference(series):
    """The first differences: series[t + 1] - series[t], one value fewer than the series."""
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1 or len(series) < 2:
        raise ValueError(f"series must be 1-D with at least 2 values; got shape {series.shape}.")
    return np.diff(series)


def undo_difference(differences, last_value):
    """The levels that follow `last_value` when these differences are added one by one."""
    return last_value + np.cumsum(np.asarray(differences, dtype=np.float64))


def make_multistep_windows(series, time_steps, horizon):
    """Inputs of `time_steps` values, each paired with the `horizon` values that follow it.

    Returns (x, y), float32: x of shape (N, time_steps, 1) and y of shape (N, horizon), with
    N = len(series) - time_steps - horizon + 1; x[i, :, 0] == series[i:i + time_steps] and
    y[i] == series[i + time_steps:i + time_steps + horizon].
    Raises ValueError when the series is not 1-D, time_steps or horizon is below 1, or the
    series is too short for one window.
    """
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D; got shape {series.shape}.")
    if time_steps < 1 or horizon < 1:
        raise ValueError(f"time_steps and horizon must be at least 1; got {time_steps} and {horizon}.")
    if len(series) < time_steps + horizon:
        raise ValueError(
            f"a series of {len(series)} values is too short for {time_steps} inputs and {horizon} targets."
        )
    spans = np.lib.stride_tricks.sliding_window_view(series, time_steps + horizon)
    # The targets start right after the inputs: no target is ever one of its own inputs.
    return spans[:, :time_steps, np.newaxis].copy(), spans[:, time_steps:].copy()


def build_multistep_forecaster(time_steps, horizon, units=32):
    """An LSTM that reads `time_steps` values and predicts the next `horizon` at once.

    Input shape:  (num_samples, time_steps, 1)
    Output shape: (num_samples, horizon)

    Returns a model compiled with Adam and mean squared error.
    """
    inputs = keras.Input(shape=(time_steps, 1))
    summary = layers.LSTM(units)(inputs)
    # One output per future step: the whole horizon comes from one reading of the window.
    outputs = layers.Dense(horizon)(summary)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


def seasonal_naive(history, horizon, season=12):
    """The baseline: each future month repeats the same month one season earlier."""
    history = np.asarray(history, dtype=np.float64)
    if history.ndim != 1 or len(history) < season:
        raise ValueError(f"history needs at least one season of {season} values; got shape {history.shape}.")
    last_season = history[-season:]
    return np.array([last_season[step % season] for step in range(horizon)])


def forecast(model, history, scaling, time_steps, horizon):
    """The next `horizon` values after `history`, in the series' units.

    The model was trained on scaled first differences (scaling from the training part's
    differences): difference the history, scale it, read the last `time_steps` differences,
    predict the next `horizon`, then undo the scaling and the differencing.
    """
    history = np.asarray(history, dtype=np.float64)
    recent = apply_scaling(difference(history), scaling)[-time_steps:]
    predicted = np.asarray(model(recent[np.newaxis, :, np.newaxis].astype(np.float32), training=False))[0, :horizon]
    return undo_difference(undo_scaling(predicted, scaling), history[-1])
