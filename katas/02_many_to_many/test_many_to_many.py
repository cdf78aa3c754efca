"""Graded tests for kata 02: a many-to-many LSTM with one output per time step.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: windows, then shapes, parameters, layers, compile settings, and
last, training on a toy task that only a step-by-step model can solve.
"""

import numpy as np
import pytest

import kata_checks as check

# (time_steps, features, units, output_dim)
MODEL_CASES = [(10, 1, 50, 1), (7, 3, 8, 2), (4, 2, 16, 3)]


# --------------------------------------------------------------------------- make_step_windows


@pytest.mark.points(1)
@pytest.mark.parametrize("length, time_steps", check.WINDOW_CASES, ids=check.case_ids(check.WINDOW_CASES))
def test_make_step_windows_returns_float32_arrays_of_the_right_shape(kata, length, time_steps):
    _, x, y, call = check.windows_of(kata.make_step_windows, length, time_steps)
    check.check_input_window_shape(x, call, length, time_steps)
    count = length - time_steps
    check.check_array(
        y,
        "y",
        call,
        (count, time_steps, 1),
        {
            (count, 1): "That is kata 01's target, the next value only; here y holds a target for every step.",
            (count,): "That is one value per window; here y holds a target for every step.",
            (count, time_steps): "Add the feature axis: y[:, :, np.newaxis] or y.reshape(-1, time_steps, 1).",
        },
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("length, time_steps", check.WINDOW_CASES, ids=check.case_ids(check.WINDOW_CASES))
def test_make_step_windows_targets_are_the_inputs_one_step_later(kata, length, time_steps):
    series, x, y, call = check.windows_of(kata.make_step_windows, length, time_steps)
    check.check_input_window_shape(x, call, length, time_steps)
    check.check_array(y, "y", call, (length - time_steps, time_steps, 1))
    check.check_input_window_values(x, series, call, time_steps)
    check.check_rows(
        y[:, :, 0],
        check.input_windows(series, time_steps, start=1),
        "y[:, :, 0]",
        call,
        lambda i: f"series[{i + 1}:{i + time_steps + 1}]",
        {"x itself: the targets must be shifted one step ahead of the inputs": check.input_windows(series, time_steps)},
    )


@pytest.mark.points(1)
def test_make_step_windows_accepts_a_plain_list(kata):
    call = check.call_text("make_step_windows", [1, 2, 3, 4, 5], time_steps=3)
    x, y = check.returned_pair(kata.make_step_windows([1, 2, 3, 4, 5], 3), call)
    check.check_array(x, "x", call, (2, 3, 1))
    check.check_array(y, "y", call, (2, 3, 1))
    check.check_rows(
        y[:, :, 0], np.array([[2, 3, 4], [3, 4, 5]], np.float32), "y[:, :, 0]", call, lambda i: f"[{i + 2}, ...]"
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("series, time_steps, why", **check.BAD_WINDOW_ARGUMENTS)
def test_make_step_windows_rejects_bad_input_with_value_error(kata, series, time_steps, why):
    call = check.call_text("make_step_windows", series, time_steps=time_steps)
    check.check_raises_value_error(kata.make_step_windows, call, why, series, time_steps)


# --------------------------------------------------------------------------- build_many_to_many


def build(kata, time_steps, features, units, output_dim):
    return check.build(
        kata.build_many_to_many,
        time_steps=time_steps,
        features=features,
        units=units,
        output_dim=output_dim,
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_model_outputs_one_prediction_per_time_step(kata, time_steps, features, units, output_dim):
    model, call = build(kata, time_steps, features, units, output_dim)
    likely = {
        (None, output_dim): "The LSTM needs return_sequences=True to emit an output at every step.",
        (None, time_steps, units): "Each step's LSTM output needs TimeDistributed(Dense(output_dim)) after it.",
        (None, time_steps, 1): "Use the output_dim argument for the Dense layer's units.",
    }
    check.check_output_shape(
        model,
        call,
        time_steps,
        features,
        (None, time_steps, output_dim),
        likely,
        meaning=", output_dim values at each of the time_steps steps",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_parameter_count_matches_lstm_formula(kata, time_steps, features, units, output_dim):
    model, call = build(kata, time_steps, features, units, output_dim)
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
            (
                "TimeDistributed(Dense)",
                "units*output_dim + output_dim",
                f"{units}*{output_dim} + {output_dim}",
                units * output_dim + output_dim,
            ),
        ],
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("units, output_dim", [(50, 1), (12, 2)])
def test_model_is_one_forward_lstm_returning_sequences_then_time_distributed_dense(kata, units, output_dim):
    model, call = build(kata, 6, 2, units, output_dim)
    check.check_dense_output(model, call, output_dim=output_dim, time_distributed=True)
    check.check_lstm_stack(model, call, [units], last_return_sequences=True)


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_and_mean_squared_error(kata):
    model, call = build(kata, 5, 1, 8, 1)
    check.check_compiled_with_adam(model, call)


# --------------------------------------------------------------------------- training

TIME_STEPS = 10


@pytest.mark.points(4)
@pytest.mark.training
def test_model_learns_the_running_sum_at_every_step(kata, kata_seed):
    """Task: random inputs in [-1, 1]; at every step, output the sum of the inputs so far.
    Step t's target depends on inputs 0..t only, and differs from step to step: a model that
    keeps only the last output, or reads the sequence backwards, cannot fit it. The right model
    reaches a held-out error below kata.toml's error_ratio of the targets' variance."""
    model, call = build(kata, TIME_STEPS, 1, 32, 1)
    rng = np.random.default_rng(kata_seed)
    check.check_learns(
        model,
        call,
        task="the running sum of its inputs",
        train=check.running_sums(rng, 512, TIME_STEPS),
        test=check.running_sums(rng, 256, TIME_STEPS),
        seed=kata_seed,
        required_ratio=check.pass_bar(__file__, "error_ratio"),
        max_epochs=40,
    )
