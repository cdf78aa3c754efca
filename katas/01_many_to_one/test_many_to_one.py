"""Graded tests for kata 01: a many-to-one LSTM.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: windows, then shapes, parameters, layers, compile settings, and
last, training on a toy task.
"""

import numpy as np
import pytest

import kata_checks as check

# (time_steps, features, units)
MODEL_CASES = [(10, 1, 50), (7, 3, 8), (4, 2, 16)]


# --------------------------------------------------------------------------- make_windows


@pytest.mark.points(1)
@pytest.mark.parametrize("length, time_steps", check.WINDOW_CASES, ids=check.case_ids(check.WINDOW_CASES))
def test_make_windows_returns_float32_arrays_of_the_right_shape(kata, length, time_steps):
    _, x, y, call = check.windows_of(kata.make_windows, length, time_steps)
    check.check_input_window_shape(x, call, length, time_steps)
    count = length - time_steps
    check.check_array(
        y,
        "y",
        call,
        (count, 1),
        {
            (count,): "Keras wants one column per target: y[:, np.newaxis] or y.reshape(-1, 1).",
            (count + 1, 1): "There is one target too many: y has one row per window.",
            (count - 1, 1): "The last target is missing: y has one row per window.",
        },
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("length, time_steps", check.WINDOW_CASES, ids=check.case_ids(check.WINDOW_CASES))
def test_make_windows_pairs_each_window_with_the_next_value(kata, length, time_steps):
    series, x, y, call = check.windows_of(kata.make_windows, length, time_steps)
    check.check_input_window_shape(x, call, length, time_steps)
    check.check_array(y, "y", call, (length - time_steps, 1))
    check.check_input_window_values(x, series, call, time_steps)
    check.check_rows(
        y[:, 0],
        series[time_steps:].astype(np.float32),
        "y[:, 0]",
        call,
        lambda i: f"series[{i + time_steps}], the value right after window {i}",
        {
            "series[i + time_steps - 1], the last value inside each window (off by one)": series[
                time_steps - 1 : -1
            ].astype(np.float32)
        },
    )


@pytest.mark.points(1)
def test_make_windows_accepts_a_plain_list(kata):
    call = check.call_text("make_windows", [1, 2, 3, 4, 5], time_steps=2)
    x, y = check.returned_pair(kata.make_windows([1, 2, 3, 4, 5], 2), call)
    check.check_array(x, "x", call, (3, 2, 1))
    check.check_array(y, "y", call, (3, 1))
    check.check_rows(y[:, 0], np.array([3, 4, 5], np.float32), "y[:, 0]", call, lambda i: f"{i + 3}")


@pytest.mark.points(1)
@pytest.mark.parametrize("series, time_steps, why", **check.BAD_WINDOW_ARGUMENTS)
def test_make_windows_rejects_bad_input_with_value_error(kata, series, time_steps, why):
    call = check.call_text("make_windows", series, time_steps=time_steps)
    check.check_raises_value_error(kata.make_windows, call, why, series, time_steps)


# --------------------------------------------------------------------------- build_many_to_one


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_model_outputs_one_value_per_sequence(kata, time_steps, features, units):
    model, call = check.build(kata.build_many_to_one, time_steps=time_steps, features=features, units=units)
    likely = {
        (None, time_steps, 1): "A many-to-one model must not set return_sequences=True on its last LSTM.",
        (None, units): "The LSTM's output needs a Dense(1) after it.",
    }
    check.check_output_shape(
        model,
        call,
        time_steps,
        features,
        (None, 1),
        likely,
        meaning=", one prediction per sequence",
        otherwise="End the model with Dense(1).",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_parameter_count_matches_lstm_formula(kata, time_steps, features, units):
    model, call = check.build(kata.build_many_to_one, time_steps=time_steps, features=features, units=units)
    check.check_parameter_count(
        model,
        call,
        [
            (
                "LSTM",
                "4*units*(units+features+1)",
                f"4*{units}*({units}+{features}+1)",
                check.lstm_parameters(units, features),
            ),
            ("Dense(1)", "units*1 + 1", f"{units}*1 + 1", units + 1),
        ],
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("units", [50, 12])
def test_model_is_one_forward_lstm_then_a_linear_dense(kata, units):
    model, call = check.build(kata.build_many_to_one, time_steps=6, features=2, units=units)
    check.check_dense_output(model, call, output_dim=1, time_distributed=False)
    check.check_lstm_stack(model, call, [units], last_return_sequences=False)


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_and_mean_squared_error(kata):
    model, call = check.build(kata.build_many_to_one, time_steps=5, features=1, units=8)
    check.check_compiled_with_adam(model, call)


# --------------------------------------------------------------------------- training

TIME_STEPS = 10


@pytest.mark.points(4)
@pytest.mark.training
def test_model_learns_to_predict_the_next_value_of_a_sine_wave(kata, kata_seed):
    """Task: read 10 steps of a sine wave (random phase and frequency, amplitude 2) and predict
    the 11th. The right model reaches a held-out error below kata.toml's error_ratio of the targets' variance."""
    model, call = check.build(kata.build_many_to_one, time_steps=TIME_STEPS, features=1, units=32)
    rng = np.random.default_rng(kata_seed)
    check.check_learns(
        model,
        call,
        task="the next value of a sine wave",
        train=check.sine_wave_windows(rng, 512, TIME_STEPS),
        test=check.sine_wave_windows(rng, 256, TIME_STEPS),
        seed=kata_seed,
        required_ratio=check.pass_bar(__file__, "error_ratio"),
        max_epochs=40,
    )
