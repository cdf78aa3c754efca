"""Checks of a learner's sequence-to-sequence models: the training model's token distributions,
the inference models' inputs and outputs, the states the decoder starts from, padding, and the
result of a learner's greedy decoding loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from kata_checks.arrays import check_finite
from kata_checks.messages import call_text, describe_value, fail
from kata_checks.models import check_distributions, model_outputs
from kata_checks.seq2seq import unshared_layers


def three_models(build: Callable, num_tokens: int, units: int) -> tuple[keras.Model, keras.Model, keras.Model, str]:
    """build(num_tokens, units=units), once it returns (training_model, encoder_model, decoder_model)."""
    call = call_text(build.__name__, num_tokens, units=units)
    models = build(num_tokens, units=units)
    if not isinstance(models, (tuple, list)) or len(models) != 3:
        fail(
            f"{call} returned {describe_value(models)}; expected a tuple "
            "(training_model, encoder_model, decoder_model)."
        )
    for name, model in zip(["training_model", "encoder_model", "decoder_model"], models, strict=True):
        if not isinstance(model, keras.Model):
            fail(f"{call} returned {type(model).__name__} as its {name}; expected a keras.Model.")
    return (*models, call)


def random_tokens(rng: np.random.Generator, rows: int, steps: int, num_tokens: int) -> np.ndarray:
    """Token ids past the special ones (padding, start, end), where there are any."""
    return rng.integers(3 if num_tokens > 3 else 1, num_tokens, (rows, steps)).astype(np.int32)


def check_token_distributions(
    training_model: keras.Model, call: str, rng: np.random.Generator, num_tokens: int
) -> None:
    """At each decoder step, for sources and decoder inputs of any lengths, one probability per token."""
    for source_steps, target_steps in [(5, 4), (3, 7)]:
        source, target = (
            random_tokens(rng, 3, source_steps, num_tokens),
            random_tokens(rng, 3, target_steps, num_tokens),
        )
        (probabilities, *rest) = model_outputs(
            training_model,
            [source, target],
            f"The training model of {call}",
            f"sources of {source_steps} steps and decoder inputs of {target_steps}",
            "It takes [source ids, decoder input ids], each of shape (None, None): any lengths.",
        )
        if rest:
            fail(f"The training model of {call} returned {1 + len(rest)} outputs; expected one, the probabilities.")
        check_distributions(
            probabilities,
            (3, target_steps, num_tokens),
            f"The training model of {call}",
            f"[source (3, {source_steps}), decoder input (3, {target_steps})]",
            "at each decoder step, one probability per token. Its decoder must return_sequences=True.",
            {
                "They sum to 1 over the steps: the softmax runs over the wrong axis. Use "
                'Dense(num_tokens, activation="softmax"), which normalises the last axis.': (
                    lambda values: np.allclose(values.sum(axis=1), 1.0, atol=1e-4)
                )
            },
            'End the decoder in Dense(num_tokens, activation="softmax").',
        )


def check_inference_models(
    encoder_model: keras.Model,
    decoder_model: keras.Model,
    call: str,
    rng: np.random.Generator,
    num_tokens: int,
    units: int,
) -> None:
    """The encoder gives the final h and c; the decoder takes [token, h, c] and gives the next
    token's probabilities and its new h and c."""
    states = model_outputs(
        encoder_model, random_tokens(rng, 4, 6, num_tokens), f"The encoder model of {call}", "4 sources"
    )
    if [state.shape for state in states] != [(4, units), (4, units)]:
        fail(
            f"The encoder model of {call} returned shapes {[s.shape for s in states]} for 4 sources; expected "
            f"[(4, {units}), (4, {units})], the encoder LSTM's final h and c: give it return_state=True and "
            "make the model's outputs [h, c]."
        )
    if np.allclose(states[0], states[1]):
        fail(
            f"The encoder model of {call} returns the same array as h and as c. An LSTM's cell state c is not its "
            "output h (h = o * tanh(c)): give the encoder LSTM return_state=True and return the h and c it gives, "
            "rather than its output twice."
        )
    outputs = model_outputs(
        decoder_model,
        [random_tokens(rng, 4, 1, num_tokens), *states],
        f"The decoder model of {call}",
        "[one token (4, 1), h, c]",
        f"Its inputs are [token ids (None, 1), h (None, {units}), c (None, {units})].",
    )
    expected = [(4, 1, num_tokens), (4, units), (4, units)]
    if [output.shape for output in outputs] != expected:
        fail(
            f"The decoder model of {call} returned shapes {[o.shape for o in outputs]}; expected {expected}: the "
            "next token's probabilities and the decoder LSTM's new h and c, for the next step."
        )


def check_decoder_reads_the_states(
    training_model: keras.Model,
    decoder_model: keras.Model,
    call: str,
    rng: np.random.Generator,
    num_tokens: int,
    units: int,
    start_id: int,
) -> None:
    """Two sources give two answers in the training model, and two states two answers in the
    decoder model: the decoder starts from the encoder's states."""
    decoder_in = np.full((2, 3), start_id, dtype=np.int32)
    sources = random_tokens(rng, 2, 5, num_tokens)
    first, second = model_outputs(
        training_model, [sources, decoder_in], f"The training model of {call}", "two sources"
    )[0]
    if np.max(np.abs(first - second)) < 1e-7:
        fail(
            f"The training model of {call} gives the same probabilities for two different sources: the decoder "
            "never learns what the source was. Call the decoder LSTM with initial_state=[h, c], the "
            "encoder's final states."
        )
    token = np.full((2, 1), start_id, dtype=np.int32)
    zeros, halves = np.zeros((2, units), np.float32), np.full((2, units), 0.5, np.float32)
    from_zeros = model_outputs(decoder_model, [token, zeros, zeros], f"The decoder model of {call}", "states of zeros")[
        0
    ]
    from_halves = model_outputs(
        decoder_model, [token, halves, halves], f"The decoder model of {call}", "states of 0.5"
    )[0]
    if np.max(np.abs(from_zeros - from_halves)) < 1e-7:
        fail(
            f"The decoder model of {call} gives the same probabilities whatever h and c it receives: pass its "
            "state inputs to the decoder LSTM as initial_state=[h, c]."
        )


def evaluated_loss(model: keras.Model, inputs: Any, targets: np.ndarray, call: str) -> float:
    """The loss the learner compiled, evaluated here on data the test chose: eagerly, for two
    rows cost less than tracing a graph."""
    model.run_eagerly = True
    result = model.evaluate(inputs, targets, verbose=0)
    loss = float(result[0] if isinstance(result, (list, tuple)) else result)
    return float(check_finite(loss, call, "its loss"))


def check_padding_counts_nothing(
    training_model: keras.Model, call: str, sources: np.ndarray, targets: np.ndarray, teacher: np.ndarray, pad_id: int
) -> None:
    """The steps whose decoder input is padding count nothing in the loss: what their targets
    hold changes nothing."""
    # At those steps, targets the model finds likeliest, then unlikeliest: counted in the loss,
    # they move it far more than rounding does.
    padding = teacher == pad_id
    (probabilities,) = model_outputs(
        training_model, [sources, teacher], f"The training model of {call}", "padded decoder inputs"
    )
    likely_padding, unlikely_padding = targets.copy(), targets.copy()
    likely_padding[padding] = np.argmax(probabilities, axis=-1)[padding]
    unlikely_padding[padding] = np.argmin(probabilities, axis=-1)[padding]
    padded, other = (
        evaluated_loss(training_model, [sources, teacher], t, f"The training model of {call}")
        for t in (likely_padding, unlikely_padding)
    )
    if abs(padded - other) > 1e-5 * max(1.0, abs(padded)):
        fail(
            f"The training model of {call} gives a loss of {padded:.5f} when the target steps whose decoder input is "
            f"padding hold the tokens it finds likeliest, and {other:.5f} when they hold the unlikeliest: the padding "
            "counts in the loss, so training spends itself on predicting padding. Give the decoder's Embedding "
            "mask_zero=True too: the mask then reaches the loss, which skips the padded steps."
        )


def greedy_decoded(
    decode: Callable,
    encoder_model: keras.Model,
    decoder_model: keras.Model,
    sources: np.ndarray,
    start_id: int,
    end_id: int,
    max_steps: int,
) -> tuple[list[list[int]], str]:
    """The learner's decode(...) on stand-in models, once it returns one list of token ids per source."""
    call = call_text(decode.__name__, "<encoder_model>", "<decoder_model>", sources, start_id, end_id, max_steps)
    result = decode(encoder_model, decoder_model, sources, start_id, end_id, max_steps)
    if not isinstance(result, (list, tuple)) or len(result) != len(sources):
        fail(f"{call} returned {describe_value(result)}; expected a list of {len(sources)} lists of token ids.")
    try:
        return [[int(token) for token in row] for row in result], call
    except (TypeError, ValueError):
        fail(f"{call} returned {describe_value(result)}; expected a list of lists of token ids.")


def check_shared_layers(
    training_model: keras.Model, encoder_model: keras.Model, decoder_model: keras.Model, call: str
) -> None:
    """The inference models call the training model's layers, so they generate with its trained weights."""
    for role, model in [("encoder", encoder_model), ("decoder", decoder_model)]:
        unshared = unshared_layers(training_model, model)
        if unshared:
            fail(
                f"The {role} model of {call} has layers that are not the training model's: {', '.join(unshared)}. "
                "New layers start with their own random weights, and training the training model never "
                "reaches them, so the inference models would generate with untrained weights. Create each "
                "layer once, then call the same layer object in the training model and in the inference models."
            )


def check_padding_ignored(encoder_model: keras.Model, call: str, source: np.ndarray) -> None:
    """Zeros appended to a source change none of the encoder's states: padding is masked."""
    padded = np.concatenate([source, np.zeros((len(source), 3), np.int32)], axis=1)
    plain = model_outputs(encoder_model, source, f"The encoder model of {call}", "two sources")
    with_padding = model_outputs(
        encoder_model, padded, f"The encoder model of {call}", "two sources with zeros appended"
    )
    if any(np.max(np.abs(a - b)) > 1e-5 for a, b in zip(plain, with_padding, strict=True)):
        fail(
            f"The encoder model of {call} gives other states when zeros are appended to a source: padding is read "
            "as tokens. Give the Embedding mask_zero=True, so the LSTM skips the padded steps."
        )
