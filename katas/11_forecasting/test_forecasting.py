"""Graded tests for kata 11: forecasting the Mauna Loa CO2 record without fooling yourself.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the split, the scaling and the differencing (no statistics taken
from the test part), the windows, the model, the baseline, the forecast in ppm, and last, your
whole pipeline on the real series against the seasonal-naive baseline. The expected values, and
the data the training test trains and scores on, come from the tests' own pipeline
(kata_checks/forecasting.py), never from your functions, which have tests of their own.
"""

from pathlib import Path

import keras
import numpy as np
import pytest

import kata_checks as check

SERIES = np.loadtxt(Path(__file__).with_name("co2_monthly.csv"), delimiter=",", skiprows=1, usecols=1)


def ramp(length):
    """0, 1, 2, ...: every value says where it stood, so a shuffle or an overlap shows."""
    return np.arange(length, dtype=np.float64)


# --------------------------------------------------------------------------- the split


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "length, fraction, test_size", [(100, 0.2, 20), (50, 0.1, 5), (526, 48 / 526, 48), (100, 0.237, 24)]
)
def test_chronological_split_keeps_time_order(kata, length, fraction, test_size):
    check.check_chronological_split(kata.chronological_split, ramp(length), fraction, test_size)


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


@pytest.mark.points(2)
def test_scaling_comes_from_the_training_part_alone(kata, kata_seed):
    """Fit on a training part: the statistics are that part's mean and standard deviation, the
    scaled part has mean 0 and spread 1, and undoing the scaling gives the part back."""
    rng = np.random.default_rng(kata_seed)
    train = rng.normal(5.0, 2.0, 40)
    scaling, _ = check.fitted_statistics(kata.fit_scaling, train)
    check.check_scaling_round_trip(kata.apply_scaling, kata.undo_scaling, train, scaling)


@pytest.mark.points(2)
def test_scaling_a_test_part_uses_the_training_statistics(kata, kata_seed):
    """The leak: statistics that change when the test part changes."""
    rng = np.random.default_rng(kata_seed)
    train = rng.normal(0.0, 1.0, 30)
    scaling, _ = check.fitted_statistics(kata.fit_scaling, train)
    calm, wild = rng.normal(0.0, 1.0, 10), rng.normal(40.0, 30.0, 10)
    check.check_same_scaling_for_every_part(kata.apply_scaling, scaling, calm, wild)


@pytest.mark.points(2)
@pytest.mark.parametrize("series", [[1.0, 4.0, 9.0, 16.0], [315.2, 316.0, 315.1]], ids=["squares", "ppm"])
def test_differencing_and_its_inverse_give_the_series_back(kata, series):
    series = np.array(series)
    call = check.call_text("difference", series)
    steps = check.unchanged_result(kata.difference, series, call, "series")
    check.check_result(
        steps, np.diff(series), call, shown=check.short_array, lesson=", each value minus the one before"
    )
    call = f"undo_difference({check.short_array(steps)}, last_value={series[0]:g})"
    back = check.unchanged_result(kata.undo_difference, steps, call, "differences", series[0])
    check.check_result(
        back,
        series[1:],
        call,
        {"It starts from 0: add the last known value.": np.cumsum(steps)},
        shown=check.short_array,
        lesson=f", the levels that follow {series[0]:g}",
    )


# --------------------------------------------------------------------------- windows

WINDOW_CASES = [(20, 5, 3), (12, 4, 1), (10, 2, 6)]


@pytest.mark.points(2)
@pytest.mark.parametrize("length, time_steps, horizon", WINDOW_CASES, ids=check.case_ids(WINDOW_CASES))
def test_multistep_windows_pair_each_input_with_the_next_horizon_values(kata, length, time_steps, horizon):
    check.check_multistep_windows(kata.make_multistep_windows, ramp(length), time_steps, horizon)


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
    check.check_result(
        result,
        check.seasonal_naive(history, horizon, season),
        call,
        shown=lambda values: check.short_array(values, 12),
        lesson=": step h repeats the value one season before it, history[-season + h % season]",
    )


@pytest.mark.points(1)
def test_seasonal_naive_rejects_a_history_shorter_than_a_season(kata):
    call = check.call_text("seasonal_naive", ramp(5), 3, season=12)
    check.check_raises_value_error(
        kata.seasonal_naive, call, "5 values hold no whole season of 12 to repeat", ramp(5), 3, season=12
    )


# --------------------------------------------------------------------------- forecasts in ppm

FORECAST_SCALING, FORECAST_STEPS, FORECAST_HORIZON = (0.1, 0.5), 24, 6


def wrong_forecasts(model, history):
    """The forecast's known mistakes, as data: what each returns for this history and stand-in
    model, and the sentence that names it. Most likely first."""
    mean, std = FORECAST_SCALING

    def predicted(window):
        return check.predicted(model, window, FORECAST_STEPS)

    def unscaled(values):
        return values * std + mean

    def scaled(values):
        return (values - mean) / std

    changes = np.diff(history)
    return {
        "It is still in scaled units: undo the scaling of the predicted changes before adding them up.": history[-1]
        + np.cumsum(predicted(scaled(changes))),
        "It is still in scaled differences: undo the scaling, then add the differences up from the last value.": (
            predicted(scaled(changes))
        ),
        "It is in differences: add them up, starting from the history's last value.": unscaled(
            predicted(scaled(changes))
        ),
        "It starts from 0: add the history's last value.": np.cumsum(unscaled(predicted(scaled(changes)))),
        "It feeds the model unscaled differences: the model was trained on scaled ones, so scale the "
        "history's differences with `scaling` before the model reads them.": history[-1]
        + np.cumsum(unscaled(predicted(changes))),
        "It scales the levels before differencing: `scaling` was fitted on the training part's differences, "
        "so difference first, then scale the differences.": history[-1]
        + np.cumsum(unscaled(predicted(np.diff(scaled(history))))),
    }


@pytest.mark.points(3)
def test_forecast_comes_back_in_the_series_units(kata):
    """With scaling (mean 0.1, std 0.5) and a model whose scaled change for each future month is
    the last scaled change plus 1, the forecast is the history's last value plus the unscaled
    changes added up."""
    history = SERIES[:120]
    model = check.last_change_model(FORECAST_STEPS, FORECAST_HORIZON)
    call = check.call_text(
        "forecast", "<model>", "<history>", FORECAST_SCALING, time_steps=FORECAST_STEPS, horizon=FORECAST_HORIZON
    )
    result = check.unchanged_result(
        lambda given: kata.forecast(model, given, FORECAST_SCALING, FORECAST_STEPS, FORECAST_HORIZON),
        history,
        call,
        "history",
    )
    expected = check.forecast_from(model, history, FORECAST_SCALING, FORECAST_STEPS)
    if result.shape != expected.shape:
        check.fail(f"{call} returned shape {result.shape}; expected {expected.shape}: the next `horizon` values.")
    check.check_finite(result, call, "the forecast")
    check.check_result(
        result,
        expected,
        call,
        wrong_forecasts(model, history),
        shown=check.short_array,
        lesson=" ppm",
        equal=lambda got, want: np.allclose(got, want, atol=1e-4),
    )


# --------------------------------------------------------------------------- the real series

TIME_STEPS, HORIZON, TEST_MONTHS, EPOCHS = 24, 12, 48, 15
ORIGINS = range(0, TEST_MONTHS - HORIZON + 1, 3)  # a forecast every 3 months of the test part
ERROR_RATIO = check.pass_bar(__file__, "error_ratio")


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
    scaling = check.statistics_of(np.diff(train))
    changes = (np.diff(train) - scaling[0]) / scaling[1]
    x, y = (part.astype(np.float32) for part in check.forecast_windows(changes, TIME_STEPS, HORIZON))
    model, call = check.build(kata.build_multistep_forecaster, time_steps=TIME_STEPS, horizon=HORIZON)

    def error_against_the_baseline(trained, _losses):
        return check.forecast_error_score(
            trained, call, train, test, scaling, TIME_STEPS, HORIZON, ORIGINS, ERROR_RATIO
        )

    check.check_learns_by(
        model,
        call,
        "the CO2 record's monthly changes",
        kata_seed,
        (x, y),
        EPOCHS,
        32,
        lambda *_: False,
        error_against_the_baseline,
    )
