"""Kata 11: forecasting the Mauna Loa CO2 record without fooling yourself.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/11_forecasting
"""

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
    # TODO: check the series and the fraction; raise ValueError with a sentence when a part would be empty.
    # TODO: split in time order, the last values to the test part.
    raise NotImplementedError("split the series in time order into (train, test)")


def fit_scaling(train):
    """The statistics to scale with, from the training part only: (mean, standard deviation)."""
    # TODO: the statistics to scale with, from the training part only.
    raise NotImplementedError("return (mean, standard deviation) of the training part")


def apply_scaling(values, scaling):
    """Values in units of the training part's standard deviation, centred on its mean."""
    # TODO: scale with the statistics fit_scaling returned.
    raise NotImplementedError("scale the values with the training part's statistics")


def undo_scaling(values, scaling):
    """Scaled values back in the series' units."""
    # TODO: turn scaled values back into the series' units.
    raise NotImplementedError("undo the scaling")


def difference(series):
    """The first differences: series[t + 1] - series[t], one value fewer than the series."""
    # TODO: each value minus the one before it.
    raise NotImplementedError("return the first differences")


def undo_difference(differences, last_value):
    """The levels that follow `last_value` when these differences are added one by one."""
    # TODO: rebuild the levels that follow last_value.
    raise NotImplementedError("add the differences up from last_value")


def make_multistep_windows(series, time_steps, horizon):
    """Inputs of `time_steps` values, each paired with the `horizon` values that follow it.

    Returns (x, y), float32: x of shape (N, time_steps, 1) and y of shape (N, horizon), with
    N = len(series) - time_steps - horizon + 1; x[i, :, 0] == series[i:i + time_steps] and
    y[i] == series[i + time_steps:i + time_steps + horizon].
    Raises ValueError when the series is not 1-D, time_steps or horizon is below 1, or the
    series is too short for one window.
    """
    # TODO: check the arguments; raise ValueError with a sentence when they are bad.
    # TODO: pair every window of time_steps values with the horizon values that follow it.
    raise NotImplementedError("return x of shape (N, time_steps, 1) and y of shape (N, horizon)")


def build_multistep_forecaster(time_steps, horizon, units=32):
    """An LSTM that reads `time_steps` values and predicts the next `horizon` at once.

    Input shape:  (num_samples, time_steps, 1)
    Output shape: (num_samples, horizon)

    Returns a model compiled with Adam and mean squared error.
    """
    # TODO: build the model the lesson describes: a window in, the whole horizon out.
    raise NotImplementedError("build a model outputting shape (N, horizon)")


def seasonal_naive(history, horizon, season=12):
    """The baseline: each future month repeats the same month one season earlier."""
    # TODO: repeat the last season, as the lesson describes.
    raise NotImplementedError("return the seasonal-naive forecast of horizon values")


def forecast(model, history, scaling, time_steps, horizon):
    """The next `horizon` values after `history`, in the series' units.

    The model was trained on scaled first differences (scaling from the training part's
    differences): difference the history, scale it, read the last `time_steps` differences,
    predict the next `horizon`, then undo the scaling and the differencing.
    """
    # TODO: turn the history into the model's input, predict, and come back to the series' units.
    raise NotImplementedError("return the next horizon values in the series' units")
