"""Graded tests for kata 05: a bidirectional LSTM tagger.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: shapes, parameters, layers, compile settings, and last, training
on a task where each step's target depends on the steps after it.
"""

import numpy as np
import pytest
from keras import layers

import kata_checks as check

# (time_steps, features, units, output_dim): several values, so nothing hard-coded passes.
MODEL_CASES = [(10, 1, 32, 1), (7, 3, 8, 2), (4, 2, 16, 3)]


def build(kata, time_steps, features, units, output_dim):
    return check.build(
        kata.build_bidirectional_tagger,
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
        (None, output_dim): "The LSTM inside Bidirectional needs return_sequences=True to emit every step.",
        (None, time_steps, 2 * units): "Each step's output needs TimeDistributed(Dense(output_dim)) after it.",
    }
    check.check_output_shape(model, call, time_steps, features, (None, time_steps, output_dim), likely)


# Values per step, per unit, that each merge_mode hands the next layer.
MERGED_WIDTH = {"concat": 2, "sum": 1, "mul": 1, "ave": 1}


def merged_values_per_step(model, units):
    """How many values per step the model's Bidirectional layer hands on, by its merge_mode."""
    modes = [layer.merge_mode for layer, _ in check.walk_layers(model) if isinstance(layer, layers.Bidirectional)]
    return MERGED_WIDTH.get(modes[0], 2) * units if modes else 2 * units


@pytest.mark.points(2)
@pytest.mark.parametrize("time_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_parameter_count_matches_two_lstms_and_a_dense_on_both(kata, time_steps, features, units, output_dim):
    model, call = build(kata, time_steps, features, units, output_dim)
    merged = merged_values_per_step(model, units)
    if (
        merged != 2 * units
        and model.count_params() == 2 * check.lstm_parameters(units, features) + (merged + 1) * output_dim
    ):
        return  # the count follows from the merge_mode, which the layer test charges, once
    check.check_parameter_count(
        model,
        call,
        [
            (
                "Bidirectional(LSTM)",
                "2*4*units*(units+features+1)",
                f"2*4*{units}*({units}+{features}+1)",
                2 * check.lstm_parameters(units, features),
            ),
            (
                "TimeDistributed(Dense)",
                "2*units*output_dim + output_dim",
                f"2*{units}*{output_dim} + {output_dim}",
                2 * units * output_dim + output_dim,
            ),
        ],
    )


@pytest.mark.points(3)
@pytest.mark.parametrize("units, output_dim", [(32, 1), (12, 2)])
def test_model_is_a_bidirectional_lstm_with_concat_then_time_distributed_dense(kata, units, output_dim):
    model, call = build(kata, 6, 2, units, output_dim)
    check.check_dense_output(model, call, output_dim=output_dim, time_distributed=True)
    check.check_lstm_stack(model, call, [units], last_return_sequences=True, bidirectional=True)
    for layer, _ in check.walk_layers(model):
        if isinstance(layer, layers.Bidirectional) and layer.merge_mode != "concat":
            check.fail(
                f"{call} built Bidirectional(..., merge_mode={layer.merge_mode!r}); expected the default "
                "merge_mode='concat'. Concatenation keeps both directions side by side (2*units values "
                f"per step); {layer.merge_mode!r} blends them into units values, and the Dense layer "
                "can no longer tell the past from the future."
            )


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_and_mean_squared_error(kata):
    model, call = build(kata, 5, 1, 4, 1)
    check.check_compiled_with_adam(model, call)


TIME_STEPS = 10


@pytest.mark.points(4)
@pytest.mark.training
def test_model_learns_the_sum_of_each_steps_two_neighbours(kata, kata_seed):
    """Task: random inputs in [-1, 1]; at step t, output x[t-1] + x[t+1], the values either side
    of it. Half of each target lies in the past and half in the future: a forward LSTM has not
    seen x[t+1] yet, and a lone go_backwards LSTM has seen only the end of the sequence and
    returns its outputs in reverse order. Either is left with about half the targets' variance;
    the right model reaches a held-out error below kata.toml's error_ratio of it."""
    model, call = build(kata, TIME_STEPS, 1, 32, 1)
    rng = np.random.default_rng(kata_seed)
    check.check_learns(
        model,
        call,
        task="the sum of the two neighbours of each step",
        train=check.neighbour_sums(rng, 512, TIME_STEPS),
        test=check.neighbour_sums(rng, 256, TIME_STEPS),
        seed=kata_seed,
        required_ratio=check.pass_bar(__file__, "error_ratio"),
        max_epochs=40,
        needs_the_future=True,
    )
