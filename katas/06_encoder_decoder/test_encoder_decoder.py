"""Graded tests for kata 06: an encoder-decoder LSTM.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: shapes, then parameters, layers, compile settings, and last,
training on a task whose output is shorter than its input.
"""

import numpy as np
import pytest
from keras import layers

import kata_checks as check

MODEL_CASES = check.SEQUENCE_TO_SEQUENCE_CASES


def build(kata, input_steps, output_steps, features, units, output_dim):
    return check.build_sequence_to_sequence(
        kata.build_encoder_decoder, input_steps, output_steps, features, units, output_dim
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "input_steps, output_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES)
)
def test_model_outputs_output_steps_predictions(kata, input_steps, output_steps, features, units, output_dim):
    model, call = build(kata, input_steps, output_steps, features, units, output_dim)
    likely = {
        (None, input_steps, output_dim): "The output has input_steps steps: RepeatVector must repeat "
        "the summary output_steps times, the length of the output sequence.",
        (None, output_dim): "The decoder LSTM needs return_sequences=True to emit one output per step.",
    }
    check.check_output_shape(model, call, input_steps, features, (None, output_steps, output_dim), likely)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "input_steps, output_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES)
)
def test_parameter_count_matches_encoder_and_decoder_formula(
    kata, input_steps, output_steps, features, units, output_dim
):
    model, call = build(kata, input_steps, output_steps, features, units, output_dim)
    check.check_parameter_count(model, call, check.encoder_decoder_parameters(units, features, output_dim))


@pytest.mark.points(3)
@pytest.mark.parametrize("input_steps, output_steps, units", [(8, 3, 16), (3, 7, 12)])
def test_encoder_summarises_and_decoder_unrolls_output_steps(kata, input_steps, output_steps, units):
    model, call = build(kata, input_steps, output_steps, 1, units, 2)
    check.check_dense_output(model, call, output_dim=2, time_distributed=True)
    check.check_lstm_stack(
        model,
        call,
        [units, units],
        return_sequences=[False, True],
        count_lesson=" An encoder-decoder has two: the encoder LSTM and the decoder LSTM.",
        lessons={
            0: "expected an encoder without return_sequences. The encoder hands the decoder one "
            "summary vector, whatever the input's length; RepeatVector then repeats it.",
            1: "expected a decoder with return_sequences=True, so that it emits one output per step.",
        },
    )
    repeats = [layer for layer, _ in check.walk_layers(model) if isinstance(layer, layers.RepeatVector)]
    if len(repeats) != 1 or repeats[0].n != output_steps:
        found = ", ".join(f"RepeatVector({layer.n})" for layer in repeats) or "none"
        check.fail(
            f"{call} has {found}; expected one RepeatVector({output_steps}) between the encoder and the "
            "decoder. It sets how many steps the decoder runs: output_steps, not input_steps."
        )


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_and_mean_squared_error(kata):
    model, call = build(kata, 4, 2, 1, 4, 1)
    check.check_compiled_with_adam(model, call)


INPUT_STEPS, OUTPUT_STEPS = 6, 3


def last_inputs_reversed(rng, count):
    """Random inputs in [-1, 1] over 6 steps; the target is the last 3 inputs, last one first."""
    x = rng.uniform(-1, 1, (count, INPUT_STEPS, 1)).astype(np.float32)
    return x, x[:, -OUTPUT_STEPS:][:, ::-1].copy()


@pytest.mark.points(4)
@pytest.mark.training
def test_model_learns_to_reverse_the_last_inputs(kata, kata_seed):
    """Task: read 6 random inputs and output the last 3 in reverse order: a 6-step input, a
    3-step output. The right model reaches a held-out error below kata.toml's error_ratio of the targets' variance."""
    model, call = build(kata, INPUT_STEPS, OUTPUT_STEPS, 1, 32, 1)
    rng = np.random.default_rng(kata_seed)
    check.check_learns(
        model,
        call,
        task="the last 3 of 6 inputs in reverse order",
        train=last_inputs_reversed(rng, 512),
        test=last_inputs_reversed(rng, 256),
        seed=kata_seed,
        required_ratio=check.pass_bar(__file__, "error_ratio"),
        max_epochs=60,
        decodes=True,
    )
