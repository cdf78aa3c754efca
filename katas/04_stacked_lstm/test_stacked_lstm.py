"""Graded tests for kata 04: a stack of LSTMs.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: argument checks and shapes, then parameters, layers, compile
settings, and last, training on a toy task.
"""

import numpy as np
import pytest

import kata_checks as check

# (time_steps, features, layer_units, output_dim): 1, 2 and 3 LSTMs; a tuple or a list.
STACK_CASES = [(8, 2, (12,), 1), (6, 3, (16, 8), 2), (5, 1, [10, 6, 4], 3)]
STACK_IDS = ["1 LSTM", "2 LSTMs", "3 LSTMs"]


def build(kata, time_steps, features, layer_units, output_dim):
    return check.build(
        kata.build_stacked_lstm,
        time_steps=time_steps,
        features=features,
        layer_units=layer_units,
        output_dim=output_dim,
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("layer_units", [(), []], ids=["empty tuple", "empty list"])
def test_empty_layer_units_is_rejected_with_value_error(kata, layer_units):
    call = check.call_text("build_stacked_lstm", 5, 1, layer_units=layer_units)
    check.check_raises_value_error(
        kata.build_stacked_lstm, call, "a stack needs at least one LSTM", 5, 1, layer_units=layer_units
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, layer_units, output_dim", STACK_CASES, ids=STACK_IDS)
def test_model_outputs_output_dim_values_per_sequence(kata, time_steps, features, layer_units, output_dim):
    model, call = build(kata, time_steps, features, layer_units, output_dim)
    likely = {
        (None, time_steps, output_dim): "The last LSTM must not set return_sequences=True: "
        "the stack hands one summary of the sequence to the Dense layer.",
        (None, layer_units[-1]): "The last LSTM's output needs a Dense(output_dim) after it.",
    }
    check.check_output_shape(
        model, call, time_steps, features, (None, output_dim), likely, otherwise="End the model with Dense(output_dim)."
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, layer_units, output_dim", STACK_CASES, ids=STACK_IDS)
def test_parameter_count_is_the_sum_over_the_stack(kata, time_steps, features, layer_units, output_dim):
    model, call = build(kata, time_steps, features, layer_units, output_dim)
    parts = []
    input_dim, input_name = features, "features"
    for position, units in enumerate(layer_units, start=1):
        parts.append(
            (
                f"LSTM {position}",
                f"4*u*(u+{input_name}+1)",
                f"4*{units}*({units}+{input_dim}+1)",
                check.lstm_parameters(units, input_dim),
            )
        )
        # Each LSTM reads the previous one's outputs: its input size is that LSTM's units.
        input_dim, input_name = units, f"units of LSTM {position}"
    last = layer_units[-1]
    parts.append(
        (
            "Dense",
            "last_units*output_dim + output_dim",
            f"{last}*{output_dim} + {output_dim}",
            last * output_dim + output_dim,
        )
    )
    check.check_parameter_count(model, call, parts)


@pytest.mark.points(3)
@pytest.mark.parametrize("time_steps, features, layer_units, output_dim", STACK_CASES, ids=STACK_IDS)
def test_every_lstm_but_the_last_returns_sequences(kata, time_steps, features, layer_units, output_dim):
    model, call = build(kata, time_steps, features, layer_units, output_dim)
    check.check_dense_output(model, call, output_dim=output_dim, time_distributed=False)
    check.check_lstm_stack(model, call, list(layer_units), last_return_sequences=False)


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_and_mean_squared_error(kata):
    model, call = build(kata, 5, 1, (4, 4), 1)
    check.check_compiled_with_adam(model, call)


TIME_STEPS = 10


@pytest.mark.points(4)
@pytest.mark.training
def test_stack_learns_to_predict_the_next_value_of_a_sine_wave(kata, kata_seed):
    """Task: read 10 steps of a sine wave (random phase and frequency, amplitude 2) and predict
    the 11th, with layer_units=(32, 16). The right stack reaches a held-out error below kata.toml's error_ratio of
    the targets' variance."""
    model, call = build(kata, TIME_STEPS, 1, (32, 16), 1)
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
