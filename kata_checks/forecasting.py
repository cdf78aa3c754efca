"""The tests' own forecasting pipeline: windows, statistics, a forecast in the series' units and
the seasonal-naive baseline, a stand-in model with known weights, and a month-by-month picture of
a forecast. A verdict on a learner's forecaster rests on these steps, never on the learner's own.
"""

import keras
import numpy as np
from keras import layers

from kata_checks.arrays import check_finite
from kata_checks.training import HeldOutScore


def windows(series: np.ndarray, time_steps: int, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """x (N, time_steps, 1) and y (N, horizon): each window and the values right after it."""
    count = len(series) - time_steps - horizon + 1
    x = np.stack([series[i : i + time_steps] for i in range(count)])[:, :, None]
    y = np.stack([series[i + time_steps : i + time_steps + horizon] for i in range(count)])
    return x, y


def statistics_of(train: np.ndarray) -> tuple[float, float]:
    """(mean, standard deviation), numpy's population one, as the reference computes them."""
    return float(np.mean(train)), float(np.std(train))


def predicted(model: keras.Model, window: np.ndarray, time_steps: int) -> np.ndarray:
    """The model's prediction from the last `time_steps` values of `window`."""
    batch = window[None, -time_steps:, None].astype(np.float32)
    return np.asarray(model(batch, training=False), dtype=np.float64)[0]


def forecast_from(model: keras.Model, history: np.ndarray, scaling: tuple[float, float], time_steps: int) -> np.ndarray:
    """The forecast in the series' units: difference, scale, predict, unscale, add up from the last level."""
    mean, std = scaling
    return history[-1] + np.cumsum(predicted(model, (np.diff(history) - mean) / std, time_steps) * std + mean)


def seasonal_naive(history: np.ndarray, horizon: int, season: int = 12) -> np.ndarray:
    """The baseline, computed here, so that a bar does not depend on the learner's version."""
    return np.array([history[-season + (step % season)] for step in range(horizon)])


def last_change_model(time_steps: int, horizon: int) -> keras.Model:
    """A stand-in for a trained model, with known weights, that reads its input: each future
    step's scaled change is the window's last scaled change plus 1. Fed anything other than the
    scaled differences, it predicts something else, and the test sees it."""
    model = keras.Sequential([keras.Input(shape=(time_steps, 1)), layers.Flatten(), layers.Dense(horizon)])
    kernel = np.zeros((time_steps, horizon))
    kernel[-1, :] = 1.0
    model.layers[-1].set_weights([kernel, np.ones(horizon)])
    return model


def text_plot(truth: np.ndarray, forecast: np.ndarray, naive: np.ndarray, first_month: int) -> str:
    """One row per month: the values, and where each lies on a shared scale (* truth, o yours,
    n the baseline)."""
    low, high = min(map(np.min, (truth, forecast, naive))), max(map(np.max, (truth, forecast, naive)))
    width = 40
    rows = []
    for month, values in enumerate(zip(truth, forecast, naive, strict=True)):
        line = [" "] * (width + 1)
        for mark, value in zip("n*o", (values[2], values[0], values[1]), strict=True):
            line[round((value - low) / ((high - low) or 1) * width)] = mark
        rows.append(
            f"  {first_month + month:>3}  {values[0]:7.2f}  {values[1]:7.2f}  {values[2]:7.2f}  |{''.join(line)}|"
        )
    return "  month   truth    yours    naive\n" + "\n".join(rows)


def forecast_error_score(
    model: keras.Model,
    call: str,
    train: np.ndarray,
    test: np.ndarray,
    scaling: tuple[float, float],
    time_steps: int,
    horizon: int,
    origins: range,
    bar: float,
) -> HeldOutScore:
    """The mean absolute error of the model's forecasts, from each of `origins` in the test part,
    as a share of the seasonal-naive baseline's error on the same months."""
    errors, naive_errors, first = [], [], None
    for origin in origins:
        history = np.concatenate([train, test[:origin]])
        truth = test[origin : origin + horizon]
        forecast = check_finite(forecast_from(model, history, scaling, time_steps), call, "a forecast")
        naive = seasonal_naive(history, horizon)
        first = first or (truth, forecast, naive)
        errors.append(np.mean(np.abs(forecast - truth)))
        naive_errors.append(np.mean(np.abs(naive - truth)))
    error, naive_error = float(np.mean(errors)), float(np.mean(naive_errors))
    return HeldOutScore(
        error / naive_error,
        bar,
        {"seasonal naive": 1.0},
        [
            f"Its {horizon}-month forecasts, from {len(origins)} points of the held-out {len(test)} months, are off "
            f"by {error:.2f} ppm on average; the seasonal-naive baseline by {naive_error:.2f} ppm. Required: at "
            f"most {bar:.0%} of the baseline's error, {bar * naive_error:.2f} ppm."
        ],
        lower_is_better=True,
        reasons=[
            "the data here is the lesson's pipeline, so look at the model: one LSTM of `units`, then "
            "Dense(horizon) with no activation (the changes can be negative), compiled with Adam and mean "
            "squared error."
        ],
        examples=["The first forecast, month by month:", text_plot(*first, 1)],
    )
