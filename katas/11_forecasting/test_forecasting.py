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


# --------------------------------------------------------------------------- the split


@pytest.mark.points(2)
@pytest.mark.parametrize("length, fraction, test_size", [(100, 0.2, 20), (50, 0.1, 5), (526, 48 / 526, 48)])
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
        check.fail(f"{call} gave the test part {len(test)} values; expected round({length} * {fraction:g}) = {test_size}.")
    if not (np.array_equal(train, series[:-test_size]) and np.array_equal(test, series[-test_size:])):
        check.fail(
            f"{call} returned train {check.short_array(train, 5)} and test {check.short_array(test, 5)}; expected "
            f"the first {length - test_size} values and then the last {test_size}, in order. A shuffled split "
            "lets the model train on the future it is tested on."
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.2, 1.5, 0.001])
def test_chronological_split_rejects_a_fraction_that_leaves_a_part_empty(kata, fraction):
    call = check.call_text("chronological_split", ramp(100), fraction)
    check.check_raises_value_error(
        kata.chronological_split, call, "a test_fraction of 0, 1 or beyond leaves a part empty", ramp(100), fraction
    )


# --------------------------------------------------------------------------- scaling and differences


def scaling_of(kata, train):
    return kata.fit_scaling(np.asarray(train, dtype=np.float64))


@pytest.mark.points(2)
def test_scaling_comes_from_the_training_part_alone(kata, kata_seed):
    """Fit on a training part; the scaled training part has mean 0 and standard deviation 1,
    and what the test part holds changes nothing."""
    rng = np.random.default_rng(kata_seed)
    train = rng.normal(5.0, 2.0, 40)
    call = check.call_text("fit_scaling", train)
    scaling = scaling_of(kata, train)
    scaled = np.asarray(kata.apply_scaling(train, scaling), dtype=np.float64)
    if not (np.isclose(scaled.mean(), 0, atol=1e-9) and np.isclose(scaled.std(), 1, atol=1e-9)):
        check.fail(
            f"apply_scaling(train, {call}) has mean {scaled.mean():.4g} and standard deviation {scaled.std():.4g}; "
            "expected 0 and 1: subtract the training part's mean, divide by its standard deviation."
        )
    back = np.asarray(kata.undo_scaling(scaled, scaling), dtype=np.float64)
    if not np.allclose(back, train):
        check.fail(f"undo_scaling(apply_scaling(train, scaling), scaling) returned {check.short_array(back, 4)}; expected the training part back.")
    later = rng.normal(50.0, 9.0, 10)
    once, again = (np.asarray(kata.apply_scaling(later, scaling_of(kata, train)), dtype=np.float64) for _ in range(2))
    if not np.allclose(once, again):
        check.fail("apply_scaling gives the same values two different results: scaling must be a fixed rule.")


@pytest.mark.points(2)
def test_scaling_a_test_part_uses_the_training_statistics(kata, kata_seed):
    """The leak: statistics that change when the test part changes."""
    rng = np.random.default_rng(kata_seed)
    train = rng.normal(0.0, 1.0, 30)
    scaling = scaling_of(kata, train)
    calm, wild = rng.normal(0.0, 1.0, 10), rng.normal(40.0, 30.0, 10)
    calm_scaled = np.asarray(kata.apply_scaling(calm, scaling), dtype=np.float64)
    expected = (calm - train.mean()) / train.std()
    if not np.allclose(calm_scaled, expected, atol=1e-9):
        wild_scaled = np.asarray(kata.apply_scaling(wild, scaling), dtype=np.float64)
        own = np.isclose(np.mean(wild_scaled), 0, atol=1e-6)
        check.fail(
            f"apply_scaling(test part, fit_scaling(train)) returned {check.short_array(calm_scaled, 4)}; expected "
            f"{check.short_array(expected, 4)}, the test part scaled with the training part's mean and standard deviation. "
            + ("It scales each part with its own statistics: the test part's mean then leaks from the future. " if own else "")
            + "Fit once, on the training part, and apply that to every part."
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("series", [[1.0, 4.0, 9.0, 16.0], [315.2, 316.0, 315.1]], ids=["squares", "ppm"])
def test_differencing_and_its_inverse_give_the_series_back(kata, series):
    series = np.array(series)
    call = check.call_text("difference", series)
    steps = np.asarray(kata.difference(series), dtype=np.float64)
    if not np.allclose(steps, np.diff(series)):
        check.fail(f"{call} returned {check.short_array(steps)}; expected {check.short_array(np.diff(series))}, each value minus the one before.")
    back = np.asarray(kata.undo_difference(steps, series[0]), dtype=np.float64)
    if not np.allclose(back, series[1:]):
        likely = " It starts from 0: add the last known value." if np.allclose(back, np.cumsum(steps)) else ""
        check.fail(
            f"undo_difference({check.short_array(steps)}, last_value={series[0]:g}) returned {check.short_array(back)}; "
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
            f"{call} returned x {x.shape} and y {y.shape}; expected x ({count}, {time_steps}, 1) and y ({count}, {horizon})."
            + likely
        )
    expected_x = np.stack([series[i : i + time_steps] for i in range(count)])[:, :, None]
    expected_y = np.stack([series[i + time_steps : i + time_steps + horizon] for i in range(count)])
    if np.array_equal(x, expected_x) and np.array_equal(y, expected_y):
        return
    overlap = y[0, 0] <= x[0, -1, 0]
    check.fail(
        f"{call} returned for window 0 inputs {x[0, :, 0].tolist()} and targets {y[0].tolist()}; expected "
        f"{expected_x[0, :, 0].tolist()} and {expected_y[0].tolist()}."
        + (" The targets overlap the inputs: they start right after the last input." if overlap else "")
    )


# --------------------------------------------------------------------------- the model

MODEL_CASES = [(24, 12, 32), (6, 3, 8)]


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, horizon, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_forecaster_outputs_the_whole_horizon(kata, time_steps, horizon, units):
    model, call = check.build(kata.build_multistep_forecaster, time_steps=time_steps, horizon=horizon, units=units)
    check.check_output_shape(
        model, call, time_steps, 1, (None, horizon),
        {(None, time_steps, horizon): "The LSTM hands on every step: leave out return_sequences.",
         (None, 1): "Dense(horizon): one output per future step."},
        ", one value per future step",
    )
    check.check_parameter_count(
        model, call,
        [("LSTM", "4*units*(units+1+1)", f"4*{units}*({units}+1+1)", check.lstm_parameters(units, 1)),
         ("Dense", "units*horizon + horizon", f"{units}*{horizon} + {horizon}", units * horizon + horizon)],
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


# --------------------------------------------------------------------------- forecasts in ppm


def step_model(time_steps, horizon):
    """A stand-in for a trained model, with known weights: whatever it reads, it predicts a
    scaled difference of 1 for every future step."""
    model = keras.Sequential([keras.Input(shape=(time_steps, 1)), layers.Flatten(), layers.Dense(horizon)])
    model.layers[-1].set_weights([np.zeros((time_steps, horizon)), np.ones(horizon)])
    return model


@pytest.mark.points(3)
def test_forecast_comes_back_in_the_series_units(kata):
    """With scaling (mean 0.1, std 0.5) and a model that predicts a scaled difference of 1 for
    each future month, each month rises by 0.1 + 0.5 = 0.6 ppm from the last known value."""
    history = SERIES[:120]
    call = check.call_text("forecast", "<model>", "<history>", (0.1, 0.5), time_steps=24, horizon=6)
    result = np.asarray(kata.forecast(step_model(24, 6), history, (0.1, 0.5), 24, 6), dtype=np.float64)
    expected = history[-1] + 0.6 * np.arange(1, 7)
    if result.shape == expected.shape and np.allclose(result, expected, atol=1e-4):
        return
    likely = ""
    if result.shape != expected.shape:
        likely = f"It has shape {result.shape}: return the next `horizon` values."
    elif np.allclose(result, 1.0):
        likely = "It is still in scaled differences: undo the scaling, then add the differences to the last value."
    elif np.allclose(result, 0.6):
        likely = "It is in differences: add them up, starting from the history's last value."
    elif np.allclose(result, 0.6 * np.arange(1, 7)):
        likely = "It starts from 0: add the history's last value."
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
    for month, values in enumerate(zip(truth, forecast, naive)):
        line = [" "] * (width + 1)
        for mark, value in zip("n*o", (values[2], values[0], values[1])):
            line[round((value - low) / ((high - low) or 1) * width)] = mark
        rows.append(f"  {first_month + month:>3}  {values[0]:7.2f}  {values[1]:7.2f}  {values[2]:7.2f}  |{''.join(line)}|")
    return "  month   truth    yours    naive\n" + "\n".join(rows)


@pytest.mark.points(5)
@pytest.mark.training
def test_your_pipeline_beats_the_seasonal_naive_baseline_on_the_real_series(kata, kata_seed):
    """Task: the monthly Mauna Loa CO2 record, its last 48 months held out. Your split, your
    differencing and scaling (fitted on the training part), your windows and your model,
    trained for 15 epochs; then your forecast of the next 12 months from every third month of
    the test part. Its mean absolute error in ppm must be below kata.toml's error_ratio of the
    seasonal-naive baseline's, computed the same way."""
    keras.utils.set_random_seed(kata_seed)
    train, test = (np.asarray(part, dtype=np.float64) for part in kata.chronological_split(SERIES, TEST_MONTHS / len(SERIES)))
    steps = np.asarray(kata.difference(train), dtype=np.float64)
    scaling = kata.fit_scaling(steps)
    windows = kata.make_multistep_windows(kata.apply_scaling(steps, scaling), TIME_STEPS, HORIZON)
    x, y = (np.asarray(part, dtype=np.float32) for part in check.returned_pair(windows, "make_multistep_windows"))
    model, call = check.build(kata.build_multistep_forecaster, time_steps=TIME_STEPS, horizon=HORIZON)
    losses, _ = check.train_and_predict(model, call, "the CO2 record's monthly changes", (x, y), x[:1], EPOCHS, 32, lambda *_: False)
    errors, naive_errors, first = [], [], None
    for origin in ORIGINS:
        history = np.concatenate([train, test[:origin]])
        truth = test[origin : origin + HORIZON]
        predicted = np.asarray(kata.forecast(model, history, scaling, TIME_STEPS, HORIZON), dtype=np.float64)
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
        f"Your pipeline's 12-month forecasts, from {len(ORIGINS)} points of the held-out 48 months, are off by "
        f"{error:.2f} ppm on average; the seasonal-naive baseline by {naive_error:.2f} ppm. Required: at most "
        f"{ERROR_RATIO:.0%} of the baseline's error, {ERROR_RATIO * naive_error:.2f} ppm (seed {kata_seed}).\n"
        f"Training loss per epoch: {check.sparkline(losses)}\n"
        f"The first forecast, month by month:\n{text_plot(*first, 1)}\n"
        "Likely mistake: a forecast that stays flat or falls behind the truth was trained on levels, or "
        "scaled with the wrong statistics; one that is off by a constant did not add the last known value "
        "back; check the differencing and the scaling first."
    )
