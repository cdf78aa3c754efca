"""Building a learner's model and running it: the builder's call, the declared input, and the
output shape on a batch of zeros or of token ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import keras
import numpy as np

from kata_checks.arrays import check_finite
from kata_checks.diagnoses import KERAS_ERROR, diagnose
from kata_checks.messages import call_text, error_line, fail, short_array
from kata_checks.mistakes import likely_mistake


def build(
    function: Callable, input_hint: str = "keras.Input(shape=(time_steps, features))", **kwargs: Any
) -> tuple[keras.Model, str]:
    """Call a learner's model builder; return (model, call text) once it is a built Model."""
    call = call_text(function.__name__, **kwargs)
    model = function(**kwargs)
    if not isinstance(model, keras.Model):
        fail(f"{call} returned {type(model).__name__}; expected a keras.Model. Did you forget `return model`?")
    try:
        _ = model.inputs  # an unbuilt model raises here
    except (AttributeError, ValueError):
        fail(f"{call} returned a model that has not been built, so it has no input shape. Start it with {input_hint}.")
    return model, call


# (input_steps, output_steps, features, units, output_dim) for the encoder-decoder katas:
# longer, shorter and equal outputs, so that input_steps in place of output_steps shows.
SEQUENCE_TO_SEQUENCE_CASES = [(8, 3, 1, 16, 1), (3, 7, 2, 8, 2), (5, 5, 1, 12, 3)]


def build_sequence_to_sequence(
    function: Callable, input_steps: int, output_steps: int, features: int, units: int, output_dim: int
) -> tuple[keras.Model, str]:
    return build(
        function,
        input_hint="keras.Input(shape=(input_steps, features))",
        input_steps=input_steps,
        output_steps=output_steps,
        features=features,
        units=units,
        output_dim=output_dim,
    )


def check_output_shape(
    model: keras.Model,
    call: str,
    time_steps: int,
    features: int,
    expected: Any,
    likely_mistakes: Mapping[tuple, str] | None,
    meaning: str = "",
    otherwise: str = "",
) -> None:
    """The model's output shape on zeros is `expected` (`meaning` says what it holds);
    `likely_mistakes` maps a wrong shape to why, and `otherwise` covers any other shape."""
    shape = run_on_zeros(model, call, time_steps, features)
    if shape != expected:
        fail(
            f"{call} returned output shape {shape}; expected {expected}{meaning}. "
            + (likely_mistake(shape, {why: wrong for wrong, why in (likely_mistakes or {}).items()}) or otherwise)
        )


def run_on_zeros(model: keras.Model, call: str, time_steps: int, features: int, batch: int = 3) -> np.ndarray:
    """Call the model on a batch of zeros; return its output shape with None for the batch."""
    declared = tuple(model.inputs[0].shape)
    # Keras runs an LSTM on any length, so only the declared shape shows a hard-coded one.
    if len(declared) != 3 or any(
        size is not None and size != wanted for size, wanted in zip(declared[1:], (time_steps, features), strict=False)
    ):
        fail(
            f"{call} built a model whose input shape is {declared}; expected "
            f"(None, {time_steps}, {features}). Use the time_steps and features arguments "
            "for keras.Input(shape=...), rather than fixed numbers."
        )
    try:
        output = model(np.zeros((batch, time_steps, features), dtype="float32"), training=False)
    except Exception as error:  # noqa: BLE001 - Keras explains a shape mismatch itself
        first_line = error_line(error)
        fail(
            f"{call} built a model that cannot take a batch of shape "
            f"({batch}, {time_steps}, {features}): {type(error).__name__}: {first_line}\n"
            f"Its input shape is {tuple(model.inputs[0].shape)}; expected "
            f"(None, {time_steps}, {features}). Use the time_steps and features arguments "
            "for keras.Input(shape=...), rather than fixed numbers."
        )
    check_finite(output, call, f"outputs for a batch of zeros ({batch}, {time_steps}, {features})")
    shape = tuple(output.shape)
    if len(shape) == 0 or shape[0] != batch:
        fail(f"{call} built a model whose output {shape} has no batch dimension of {batch}.")
    return (None,) + shape[1:]


def run_on_tokens(model: keras.Model, call: str, lengths: Sequence[int] = (5, 9), batch: int = 3) -> np.ndarray:
    """Call a token model on batches of ids of several lengths; return its output shape."""
    declared = tuple(model.inputs[0].shape)
    if len(declared) != 2 or declared[1] is not None:
        fail(
            f"{call} built a model whose input shape is {declared}; expected (None, None): "
            'batches of token ids of any length. Use keras.Input(shape=(None,), dtype="int32").'
        )
    shapes = set()
    for length in lengths:
        tokens = np.ones((batch, length), dtype="int32")
        try:
            output = model(tokens, training=False)
        except Exception as error:  # noqa: BLE001 - Keras explains a shape mismatch itself
            first_line = error_line(error)
            fail(
                f"{call} built a model that cannot take token ids of shape ({batch}, {length}): "
                f"{type(error).__name__}: {first_line}"
            )
        check_finite(output, call, f"outputs for token ids of shape ({batch}, {length})")
        shapes.add(tuple(output.shape))
    shape = sorted(shapes)[0]
    return (None,) + shape[1:]


def model_outputs(model: keras.Model, inputs: Any, call: str, what: str, inputs_lesson: str = "") -> list[np.ndarray]:
    """The model's outputs on `inputs` as numpy arrays (a list, one per output), each checked to
    be finite before any comparison. `what` names the inputs in a message; `inputs_lesson` says
    what the model should take, for when it cannot take them."""
    try:
        result = model(inputs, training=False)
    except Exception as error:  # noqa: BLE001 - reported as a teaching message
        fail(
            "\n".join(
                [
                    f"{call} raised {type(error).__name__} on {what}: {error_line(error)}",
                    *([inputs_lesson] if inputs_lesson else []),
                    *diagnose(KERAS_ERROR, str(error)),
                ]
            )
        )
    outputs = result if isinstance(result, (list, tuple)) else [result]
    return [check_finite(keras.ops.convert_to_numpy(output), call, f"outputs for {what}") for output in outputs]


def check_distributions(
    probabilities: np.ndarray,
    expected_shape: tuple,
    call: str,
    what: str,
    shape_lesson: str,
    wrong_softmax: Mapping[str, Any] | None = None,
    softmax_lesson: str = "",
) -> None:
    """`probabilities` has `expected_shape` and sums to 1 over its last axis, with no negative
    value: one distribution per row (or per step). `wrong_softmax` names the likely mistake when
    it does not; `softmax_lesson` is the advice when none matches."""
    if probabilities.shape != expected_shape:
        fail(f"{call} returned shape {probabilities.shape} for {what}; expected {expected_shape}: {shape_lesson}")
    sums = probabilities.sum(axis=-1)
    if np.allclose(sums, 1.0, atol=1e-4) and probabilities.min() >= 0:
        return
    fail(
        f"{call} gives probabilities that sum to {short_array(sums)} over the last axis; expected 1 for each. "
        + (likely_mistake(probabilities, wrong_softmax) or softmax_lesson)
    )
