"""Graded tests for kata 11: forecasting the Mauna Loa CO2 record without fooling yourself.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the split, the scaling and the differencing (no statistics taken
from the test part), the windows, the model, the baseline, the forecast in ppm, and last, your
whole pipeline on the real series against the seasonal-naive baseline.
"""

from pathlib import Path

import keras
import numpy as np
import pytest
from keras import layers

import kata_checks as check

SERIES = np.loadtxt(Path(__file__).with_name("co2_monthly.csv"), delimiter=",", skiprows=1, usecols=1)


def ramp(length):
    """0, 1, 2, ...: every value says where it stood, so a shuffle or an overlap shows."""
    return np.arange(length, dtype=np.float64)


# --------------------------------------------------------------------------- the tests' own pipeline
# The expected values, and the data the training test trains and scores on, come from these few
# lines, never from your functions: a verdict must rest only on data the test controls. Each of
# your functions is graded by its own test, against these.


def windows(series, time_steps, horizon):
    """x (N, time_steps, 1) and y (N, horizon): each window and the values right after it."""
    count = len(series) - time_steps - horizon + 1
    x = np.stack([series[i : i + time_steps] for i in range(count)])[:, :, None]
    y = np.stack([series[i + time_steps : i + time_steps + horizon] for i in range(count)])
    return x, y


def statistics_of(train):
    """(mean, standard deviation), numpy's population one, as the reference computes them."""
    return float(np.mean(train)), float(np.std(train))


def forecast_from(model, history, scaling, time_steps, horizon):
    """The forecast in ppm: difference, scale, predict, unscale, add up from the last level."""
    mean, std = scaling
    recent = ((np.diff(history) - mean) / std)[-time_steps:]
    predicted = np.asarray(model(recent[None, :, None].astype(np.float32), training=False), dtype=np.float64)[0]
    return history[-1] + np.cumsum(predicted * std + mean)


# --------------------------------------------------------------------------- the split


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "length, fraction, test_size", [(100, 0.2, 20), (50, 0.1, 5), (526, 48 / 526, 48), (100, 0.237, 24)]
)
def test_chronological_split_keeps_time_order(kata, length, fraction, test_size):
    series = ramp(length)
    call = check.call_text("chronological_split", series, fraction)
    result = kata.chronological_split(series, fraction)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        check.fail(f"{call} returned {check.describe_value(result)}; expected a pair (train, test).")
    train, test = (np.asarray(part, dtype=np.float64) for part in result)
    if not np.array_equal(np.sort(np.concatenate([train, test])), series):
        check.fail(f"{call} returned parts that do not hold the series' values once each.")
    if len(test) != test_size:
        truncated = len(test) == int(length * fraction) != test_size
        check.fail(
            f"{call} gave the test part {len(test)} values; expected round({length} * {fraction:g}) = {test_size}."
            + (" It truncates: int() drops the fraction, round() takes the nearest count." if truncated else "")
        )
    if not (np.array_equal(train, series[:-test_size]) and np.array_equal(test, series[-test_size:])):
        check.fail(
            f"{call} returned train {check.short_array(train, 5)} and test {check.short_array(test, 5)}; expected "
            f"the first {length - test_size} values and then the last {test_size}, in order. A shuffled split "
            "lets the model train on the future it is tested on."
        )


BAD_SPLITS = [
    (ramp(100), 0.0, "a test_fraction of 0 leaves the test part empty"),
    (ramp(100), 1.0, "a test_fraction of 1 leaves the training part empty"),
    (ramp(100), -0.2, "a negative test_fraction is not a share"),
    (ramp(100), 1.5, "a test_fraction beyond 1 is not a share"),
    (ramp(100), 0.001, "round(100 * 0.001) = 0 leaves the test part empty"),
    (ramp(3), 0.9, "round(3 * 0.9) = 3 leaves the training part empty"),
    (np.ones((10, 2)), 0.2, "a series must be 1-D"),
]


@pytest.mark.points(1)
@pytest.mark.parametrize("series, fraction, why", BAD_SPLITS, ids=[why for *_, why in BAD_SPLITS])
def test_chronological_split_rejects_a_fraction_that_leaves_a_part_empty(kata, series, fraction, why):
    call = check.call_text("chronological_split", series, fraction)
    check.check_raises_value_error(kata.chronological_split, call, why, series, fraction)


# --------------------------------------------------------------------------- scaling and differences


def accepted_statistics(train):
    """What fit_scaling may return: the mean, and numpy's population standard deviation (the
    reference's) or the sample one (ddof=1, pandas' default). Scaling works with either."""
    return {
        "population": (float(np.mean(train)), float(np.std(train))),
        "sample": (float(np.mean(train)), float(np.std(train, ddof=1))),
    }


def fitted_statistics(kata, train):
    """fit_scaling(train), once it holds the training part's (mean, standard deviation)."""
    call = check.call_text("fit_scaling", train)
    scaling = kata.fit_scaling(np.asarray(train, dtype=np.float64))
    try:
        named = isinstance(scaling, dict) and set(scaling) == {"mean", "std"}
        mean, std = (float(value) for value in ((scaling["mean"], scaling["std"]) if named else scaling))
    except (TypeError, ValueError, KeyError):
        check.fail(
            f"{call} returned {check.describe_value(scaling)}; expected a pair (mean, standard deviation), "
            "or a dict with the keys 'mean' and 'std'."
        )
    check.check_finite([mean, std], call, "its statistics")
    accepted = accepted_statistics(train)
    if any(np.isclose(mean, m, rtol=1e-9) and np.isclose(std, sd, rtol=1e-9) for m, sd in accepted.values()):
        return scaling, (mean, std)
    true_mean, true_std = accepted["population"]
    likely = (
        " The two are swapped: return (mean, standard deviation), in that order, as the lesson states; "
        "a pipeline that swaps them back agrees with itself, but not with anyone else's."
        if np.isclose(mean, true_std) and np.isclose(std, true_mean)
        else ""
    )
    check.fail(
        f"{call} returned ({mean:.6g}, {std:.6g}); expected the training part's mean and standard deviation, "
        f"({true_mean:.6g}, {true_std:.6g}) (or {accepted['sample'][1]:.6g} with ddof=1).{likely}"
    )


@pytest.mark.points(2)
def test_scaling_comes_from_the_training_part_alone(kata, kata_seed):
    """Fit on a training part: the statistics are that part's mean and standard deviation, the
    scaled part has mean 0 and spread 1, and undoing the scaling gives the part back."""
    rng = np.random.default_rng(kata_seed)
    train = rng.normal(5.0, 2.0, 40)
    scaling, (mean, std) = fitted_statistics(kata, train)
    given = check.watched(train)
    scaled = np.asarray(kata.apply_scaling(given, scaling), dtype=np.float64)
    check.check_finite(scaled, "apply_scaling(train, fit_scaling(train))", "the scaled part")
    if not np.allclose(scaled, (train - mean) / std, atol=1e-9):
        check.fail(
            f"apply_scaling(train, fit_scaling(train)) has mean {scaled.mean():.4g} and standard deviation "
            f"{scaled.std():.4g}; expected (train - {mean:.4g}) / {std:.4g}: subtract the training part's mean, "
            "divide by its standard deviation."
        )
    check.check_left_unchanged(given, train, "apply_scaling(train, scaling)", "train")
    given = check.watched(scaled)
    back = np.asarray(kata.undo_scaling(given, scaling), dtype=np.float64)
    check.check_left_unchanged(given, scaled, "undo_scaling(scaled, scaling)", "scaled")
    if not np.allclose(back, train):
        check.fail(
            f"undo_scaling(apply_scaling(train, scaling), scaling) returned {check.short_array(back, 4)}; expected "
            "the training part back."
        )


@pytest.mark.points(2)
def test_scaling_a_test_part_uses_the_training_statistics(kata, kata_seed):
    """The leak: statistics that change when the test part changes."""
    rng = np.random.default_rng(kata_seed)
    train = rng.normal(0.0, 1.0, 30)
    scaling, (mean, std) = fitted_statistics(kata, train)
    calm, wild = rng.normal(0.0, 1.0, 10), rng.normal(40.0, 30.0, 10)
    calm_scaled = np.asarray(kata.apply_scaling(calm, scaling), dtype=np.float64)
    expected = (calm - mean) / std
    if not np.allclose(calm_scaled, expected, atol=1e-9):
        wild_scaled = np.asarray(kata.apply_scaling(wild, scaling), dtype=np.float64)
        own = np.isclose(np.mean(wild_scaled), 0, atol=1e-6)
        check.fail(
            f"apply_scaling(test part, fit_scaling(train)) returned {check.short_array(calm_scaled, 4)}; expected "
            f"{check.short_array(expected, 4)}, the test part scaled with the training part's mean and standard "
            "deviation. "
            + (
                "It scales each part with its own statistics: the test part's mean then leaks from the future. "
                if own
                else ""
            )
            + "Fit once, on the training part, and apply that to every part."
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("series", [[1.0, 4.0, 9.0, 16.0], [315.2, 316.0, 315.1]], ids=["squares", "ppm"])
def test_differencing_and_its_inverse_give_the_series_back(kata, series):
    series = np.array(series)
    call = check.call_text("difference", series)
    given = check.watched(series)
    steps = np.asarray(kata.difference(given), dtype=np.float64)
    check.check_left_unchanged(given, series, call, "series")
    if not np.allclose(steps, np.diff(series)):
        check.fail(
            f"{call} returned {check.short_array(steps)}; expected {check.short_array(np.diff(series))}, each value "
            "minus the one before."
        )
    given = check.watched(steps)
    back = np.asarray(kata.undo_difference(given, series[0]), dtype=np.float64)
    check.check_left_unchanged(
        given, steps, f"undo_difference({check.short_array(steps)}, last_value={series[0]:g})", "differences"
    )
    if not np.allclose(back, series[1:]):
        likely = " It starts from 0: add the last known value." if np.allclose(back, np.cumsum(steps)) else ""
        check.fail(
            f"undo_difference({check.short_array(steps)}, last_value={series[0]:g}) returned "
            f"{check.short_array(back)}; "
            f"expected {check.short_array(series[1:])}, the levels that follow {series[0]:g}.{likely}"
        )


# --------------------------------------------------------------------------- windows

WINDOW_CASES = [(20, 5, 3), (12, 4, 1), (10, 2, 6)]


@pytest.mark.points(2)
@pytest.mark.parametrize("length, time_steps, horizon", WINDOW_CASES, ids=check.case_ids(WINDOW_CASES))
def test_multistep_windows_pair_each_input_with_the_next_horizon_values(kata, length, time_steps, horizon):
    series = ramp(length)
    call = check.call_text("make_multistep_windows", series, time_steps, horizon)
    result = kata.make_multistep_windows(series, time_steps, horizon)
    x, y = (np.asarray(part) for part in check.returned_pair(result, call))
    count = length - time_steps - horizon + 1
    if x.shape != (count, time_steps, 1) or y.shape != (count, horizon):
        likely = ""
        if x.shape[0] == count + 1 or x.shape[0] == count - 1:
            likely = " One window too many or too few: the last window's targets end at the series' last value."
        if y.ndim == 2 and y.shape[1] in (horizon - 1, horizon + 1):
            likely += " The horizon is off by one: y holds exactly `horizon` values."
        check.fail(
            f"{call} returned x {x.shape} and y {y.shape}; expected x ({count}, {time_steps}, 1) and y ({count}, "
            f"{horizon})." + likely
        )
    expected_x, expected_y = windows(series, time_steps, horizon)
    if np.array_equal(x, expected_x) and np.array_equal(y, expected_y):
        if x.dtype != np.float32 or y.dtype != np.float32:
            check.fail(
                f"{call} returned x as {x.dtype} and y as {y.dtype}; expected float32, the dtype Keras trains in: "
                "float64 windows are converted on every batch. Use .astype(np.float32)."
            )
        return
    overlap = y[0, 0] <= x[0, -1, 0]
    check.fail(
        f"{call} returned for window 0 inputs {x[0, :, 0].tolist()} and targets {y[0].tolist()}; expected "
        f"{expected_x[0, :, 0].tolist()} and {expected_y[0].tolist()}."
        + (" The targets overlap the inputs: they start right after the last input." if overlap else "")
    )


BAD_WINDOWS = [
    (np.ones((10, 2)), 3, 2, "a series must be 1-D"),
    (ramp(10), 0, 2, "time_steps must be at least 1"),
    (ramp(10), 3, 0, "horizon must be at least 1"),
    (ramp(4), 3, 2, "4 values cannot hold 3 inputs and 2 targets"),
]


@pytest.mark.points(1)
@pytest.mark.parametrize("series, time_steps, horizon, why", BAD_WINDOWS, ids=[why for *_, why in BAD_WINDOWS])
def test_multistep_windows_reject_arguments_that_leave_no_window(kata, series, time_steps, horizon, why):
    call = check.call_text("make_multistep_windows", series, time_steps, horizon)
    check.check_raises_value_error(kata.make_multistep_windows, call, why, series, time_steps, horizon)


# --------------------------------------------------------------------------- the model

MODEL_CASES = [(24, 12, 32), (6, 3, 8)]


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, horizon, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_forecaster_outputs_the_whole_horizon(kata, time_steps, horizon, units):
    model, call = check.build(kata.build_multistep_forecaster, time_steps=time_steps, horizon=horizon, units=units)
    check.check_output_shape(
        model,
        call,
        time_steps,
        1,
        (None, horizon),
        {
            (None, time_steps, horizon): "The LSTM hands on every step: leave out return_sequences.",
            (None, 1): "Dense(horizon): one output per future step.",
        },
        ", one value per future step",
    )
    check.check_parameter_count(
        model,
        call,
        [
            ("LSTM", "4*units*(units+1+1)", f"4*{units}*({units}+1+1)", check.lstm_parameters(units, 1)),
            ("Dense", "units*horizon + horizon", f"{units}*{horizon} + {horizon}", units * horizon + horizon),
        ],
    )
    check.check_compiled_with_adam(model, call)


# --------------------------------------------------------------------------- the baseline


@pytest.mark.points(2)
@pytest.mark.parametrize("horizon, season", [(12, 12), (5, 4), (30, 12)])
def test_seasonal_naive_repeats_the_last_season(kata, horizon, season):
    history = ramp(40)
    call = check.call_text("seasonal_naive", history, horizon, season=season)
    result = np.asarray(kata.seasonal_naive(history, horizon, season=season), dtype=np.float64)
    expected = np.array([history[-season + (step % season)] for step in range(horizon)])
    if result.shape != expected.shape or not np.allclose(result, expected):
        check.fail(
            f"{call} returned {check.short_array(result, 12)}; expected {check.short_array(expected, 12)}: step h "
            "repeats the value one season before it, history[-season + h % season]."
        )


@pytest.mark.points(1)
def test_seasonal_naive_rejects_a_history_shorter_than_a_season(kata):
    call = check.call_text("seasonal_naive", ramp(5), 3, season=12)
    check.check_raises_value_error(
        kata.seasonal_naive, call, "5 values hold no whole season of 12 to repeat", ramp(5), 3, season=12
    )


# --------------------------------------------------------------------------- forecasts in ppm


def last_change_model(time_steps, horizon):
    """A stand-in for a trained model, with known weights, that reads its input: each future
    step's scaled change is the window's last scaled change plus 1. Fed anything other than the
    scaled differences, it predicts something else, and the test sees it."""
    model = keras.Sequential([keras.Input(shape=(time_steps, 1)), layers.Flatten(), layers.Dense(horizon)])
    kernel = np.zeros((time_steps, horizon))
    kernel[-1, :] = 1.0
    model.layers[-1].set_weights([kernel, np.ones(horizon)])
    return model


FORECAST_SCALING, FORECAST_STEPS, FORECAST_HORIZON = (0.1, 0.5), 24, 6


def unscaled(values):
    mean, std = FORECAST_SCALING
    return values * std + mean


def scaled(values):
    mean, std = FORECAST_SCALING
    return (values - mean) / std


def predicted_from(model, window):
    return np.asarray(model(window[None, -FORECAST_STEPS:, None].astype(np.float32), training=False), dtype=np.float64)[
        0
    ]


# The forecast's known mistakes, as data: what each returns for this history and stand-in model,
# and the sentence that names it. Most likely first.
FORECAST_MISTAKES = [
    (
        "It is still in scaled units: undo the scaling of the predicted changes before adding them up.",
        lambda model, history: history[-1] + np.cumsum(predicted_from(model, scaled(np.diff(history)))),
    ),
    (
        "It is still in scaled differences: undo the scaling, then add the differences up from the last value.",
        lambda model, history: predicted_from(model, scaled(np.diff(history))),
    ),
    (
        "It is in differences: add them up, starting from the history's last value.",
        lambda model, history: unscaled(predicted_from(model, scaled(np.diff(history)))),
    ),
    (
        "It starts from 0: add the history's last value.",
        lambda model, history: np.cumsum(unscaled(predicted_from(model, scaled(np.diff(history))))),
    ),
    (
        "It feeds the model unscaled differences: the model was trained on scaled ones, so scale the "
        "history's differences with `scaling` before the model reads them.",
        lambda model, history: history[-1] + np.cumsum(unscaled(predicted_from(model, np.diff(history)))),
    ),
    (
        "It scales the levels before differencing: `scaling` was fitted on the training part's differences, "
        "so difference first, then scale the differences.",
        lambda model, history: history[-1] + np.cumsum(unscaled(predicted_from(model, np.diff(scaled(history))))),
    ),
]


@pytest.mark.points(3)
def test_forecast_comes_back_in_the_series_units(kata):
    """With scaling (mean 0.1, std 0.5) and a model whose scaled change for each future month is
    the last scaled change plus 1, the forecast is the history's last value plus the unscaled
    changes added up."""
    history = SERIES[:120]
    model = last_change_model(FORECAST_STEPS, FORECAST_HORIZON)
    call = check.call_text(
        "forecast", "<model>", "<history>", FORECAST_SCALING, time_steps=FORECAST_STEPS, horizon=FORECAST_HORIZON
    )
    given = check.watched(history)
    result = np.asarray(
        kata.forecast(model, given, FORECAST_SCALING, FORECAST_STEPS, FORECAST_HORIZON), dtype=np.float64
    )
    check.check_left_unchanged(given, history, call, "history")
    expected = forecast_from(model, history, FORECAST_SCALING, FORECAST_STEPS, FORECAST_HORIZON)
    if result.shape != expected.shape:
        check.fail(f"{call} returned shape {result.shape}; expected {expected.shape}: the next `horizon` values.")
    check.check_finite(result, call, "the forecast")
    if np.allclose(result, expected, atol=1e-4):
        return
    likely = next(
        (
            sentence
            for sentence, mistake in FORECAST_MISTAKES
            if np.allclose(result, mistake(model, history), atol=1e-4)
        ),
        "",
    )
    check.fail(f"{call} returned {check.short_array(result)}; expected {check.short_array(expected)} ppm. {likely}")


# --------------------------------------------------------------------------- the real series

TIME_STEPS, HORIZON, TEST_MONTHS, EPOCHS = 24, 12, 48, 15
ORIGINS = range(0, TEST_MONTHS - HORIZON + 1, 3)  # a forecast every 3 months of the test part
ERROR_RATIO = check.pass_bar(__file__, "error_ratio")


def seasonal_naive_reference(history, horizon, season=12):
    """The baseline, computed here, so that the bar does not depend on the learner's version."""
    return np.array([history[-season + (step % season)] for step in range(horizon)])


def text_plot(truth, forecast, naive, first_month):
    """One row per month: the values, and where each lies on a shared scale (* truth, o yours,
    n the baseline)."""
    low, high = min(map(np.min, (truth, forecast, naive))), max(map(np.max, (truth, forecast, naive)))
    width = 40
    rows = []
    for month, values in enumerate(zip(truth, forecast, naive, strict=False)):
        line = [" "] * (width + 1)
        for mark, value in zip("n*o", (values[2], values[0], values[1]), strict=False):
            line[round((value - low) / ((high - low) or 1) * width)] = mark
        rows.append(
            f"  {first_month + month:>3}  {values[0]:7.2f}  {values[1]:7.2f}  {values[2]:7.2f}  |{''.join(line)}|"
        )
    return "  month   truth    yours    naive\n" + "\n".join(rows)


@pytest.mark.points(5)
@pytest.mark.training
def test_your_model_beats_the_seasonal_naive_baseline_on_the_real_series(kata, kata_seed):
    """Task: the monthly Mauna Loa CO2 record, its last 48 months held out. The test splits it,
    differences and scales it (statistics from the training part) and cuts the windows itself,
    as the lesson's pipeline does; your model is trained on them for 15 epochs, then forecasts
    the next 12 months from every third month of the test part. Its mean absolute error in ppm
    must be below kata.toml's error_ratio of the seasonal-naive baseline's, computed the same
    way. Your data functions and your forecast are graded by their own tests: none of them sees
    the held-out months here."""
    keras.utils.set_random_seed(kata_seed)
    train, test = SERIES[:-TEST_MONTHS], SERIES[-TEST_MONTHS:]
    scaling = statistics_of(np.diff(train))
    x, y = (
        part.astype(np.float32) for part in windows((np.diff(train) - scaling[0]) / scaling[1], TIME_STEPS, HORIZON)
    )
    model, call = check.build(kata.build_multistep_forecaster, time_steps=TIME_STEPS, horizon=HORIZON)
    losses = check.train(model, call, "the CO2 record's monthly changes", (x, y), EPOCHS, 32, lambda *_: False)
    errors, naive_errors, first = [], [], None
    for origin in ORIGINS:
        history = np.concatenate([train, test[:origin]])
        truth = test[origin : origin + HORIZON]
        predicted = check.check_finite(forecast_from(model, history, scaling, TIME_STEPS, HORIZON), call, "a forecast")
        naive = seasonal_naive_reference(history, HORIZON)
        if first is None:
            first = (truth, predicted, naive)
        errors.append(np.mean(np.abs(predicted - truth)))
        naive_errors.append(np.mean(np.abs(naive - truth)))
    error, naive_error = float(np.mean(errors)), float(np.mean(naive_errors))
    check.record_training(losses, error / naive_error, ERROR_RATIO, {"seasonal naive": 1.0})
    if error <= ERROR_RATIO * naive_error:
        return
    check.fail(
        f"Your model's 12-month forecasts, from {len(ORIGINS)} points of the held-out 48 months, are off by "
        f"{error:.2f} ppm on average; the seasonal-naive baseline by {naive_error:.2f} ppm. Required: at most "
        f"{ERROR_RATIO:.0%} of the baseline's error, {ERROR_RATIO * naive_error:.2f} ppm (seed {kata_seed}).\n"
        f"Training loss per epoch: {check.sparkline(losses)}\n"
        f"The first forecast, month by month:\n{text_plot(*first, 1)}\n"
        "Likely mistake: the data here is the lesson's pipeline, so look at the model: one LSTM of `units`, then "
        "Dense(horizon) with no activation (the changes can be negative), compiled with Adam and mean squared error."
    )
