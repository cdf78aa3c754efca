"""Why a model or a failure went wrong, in a sentence: the one registry of diagnoses.

A diagnosis is a small function registered for one situation. It takes what that situation
offers (a model and what was expected of it, or the text of an error) and returns a sentence,
a list of sentences, or None when it does not apply. A check asks `diagnose(situation, ...)`
for every sentence that applies, in the order the diagnoses were registered. A new diagnosis
is one more decorated function here.

Situations:
- PARAMETER_COUNT (model, expected_parts, surplus): a model's parameter count is off;
- TRAINING (model, task): a model did not learn its toy task;
- KERAS_ERROR (message): Keras raised an error inside the learner's code;
- ATTENTION (model, scores, input_steps): a trained model's attention does not look where its
  task says; `scores` are its weights, (samples, output steps, input steps).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from keras import layers

from kata_checks.findings import found
from kata_checks.layers import activation_lesson, dense_layers, final_activation, recurrent_layers, walk_layers

if TYPE_CHECKING:  # for annotations only: the module does not need it at run time
    import keras

PARAMETER_COUNT = "parameter count"
TRAINING = "training"
KERAS_ERROR = "keras error"
ATTENTION = "attention"

REGISTRY = {PARAMETER_COUNT: [], TRAINING: [], KERAS_ERROR: [], ATTENTION: []}


def diagnosis(situation: str) -> Callable:
    """Register the decorated function as a diagnosis of `situation`."""

    def register(function):
        REGISTRY[situation].append(function)
        return function

    return register


def diagnose(situation: str, *args: Any) -> list[str]:
    """Every sentence the diagnoses of `situation` give for `args`, in registration order."""
    sentences = []
    for function in REGISTRY[situation]:
        given = function(*args)
        for sentence in [given] if isinstance(given, str) else given or []:
            sentences.append(found(function.__name__, sentence))
    return sentences


@dataclasses.dataclass
class TrainingTask:
    """What a training diagnosis knows about the task: the activation the output needs, whether
    each target depends on later steps, and whether the kata's design decodes (RepeatVector)."""

    output_activation: str
    needs_the_future: bool = False
    decodes: bool = False


# --------------------------------------------------------------------------- parameter counts


@diagnosis(PARAMETER_COUNT)
def recurrent_layer_of_the_wrong_kind(model: keras.Model, expected_parts: Sequence[tuple], surplus: int) -> str | None:
    expect_bidirectional = any(part[0].startswith("Bidirectional") for part in expected_parts)
    sentences = []
    for layer in recurrent_layers(model):
        if not layer.is_lstm:
            sentences.append(f"{layer.describe()} is not an LSTM; an LSTM has 4 gates, hence 4*units*(...).")
        elif layer.bidirectional and not expect_bidirectional:
            sentences.append("Bidirectional doubles the LSTM's parameters; use a plain LSTM.")
        elif expect_bidirectional and not layer.bidirectional:
            sentences.append("a Bidirectional LSTM holds two LSTMs, one per direction, hence 2*4*units*(...).")
    return sentences


@diagnosis(PARAMETER_COUNT)
def merge_mode_that_is_not_concat(model: keras.Model, expected_parts: Sequence[tuple], surplus: int) -> list[str]:
    return [
        f"merge_mode={layer.merge_mode!r} hands the next layer units values per step instead "
        "of 2*units; keep the default merge_mode='concat'."
        for layer, _ in walk_layers(model)
        if isinstance(layer, layers.Bidirectional) and layer.merge_mode != "concat"
    ]


@diagnosis(PARAMETER_COUNT)
def missing_dense(model: keras.Model, expected_parts: Sequence[tuple], surplus: int) -> str | None:
    if not dense_layers(model) and any("Dense" in part[0] for part in expected_parts):
        return "there is no Dense layer after the LSTM."
    return None


@diagnosis(PARAMETER_COUNT)
def wrong_number_of_lstms(model: keras.Model, expected_parts: Sequence[tuple], surplus: int) -> str | None:
    expected = [part for part in expected_parts if "LSTM" in part[0]]
    found = recurrent_layers(model)
    if len(found) != len(expected):
        return f"expected {len(expected)} LSTM layer(s), found {len(found)}."
    return None


@diagnosis(PARAMETER_COUNT)
def one_dense_too_many(model: keras.Model, expected_parts: Sequence[tuple], surplus: int) -> str | None:
    """A count too high by exactly one Dense layer's parameters. (A missing Dense is
    missing_dense's.)"""
    wanted = sum("Dense" in part[0] for part in expected_parts)
    denses = [layer for layer, _ in dense_layers(model)]
    if surplus > 0 and len(denses) > wanted and any(layer.count_params() == surplus for layer in denses):
        return (
            f"the count is {surplus:,} too high, exactly one Dense layer's parameters: there is an extra Dense layer."
        )
    return None


# --------------------------------------------------------------------------- training


@diagnosis(TRAINING)
def reads_forwards_only(model: keras.Model, task: str) -> str | None:
    if task.needs_the_future and not any(isinstance(layer, layers.Bidirectional) for layer, _ in walk_layers(model)):
        return (
            "each target depends on the steps after it as well as those before, and an LSTM that "
            "reads forwards has not seen the later ones yet at that step; wrap the LSTM in "
            "Bidirectional."
        )
    return None


@diagnosis(TRAINING)
def output_that_cannot_reach_the_target(model: keras.Model, task: str) -> str | None:
    dense = dense_layers(model)
    if not dense:
        return "there is no Dense layer after the LSTM, and an LSTM's outputs lie between -1 and 1."
    found = final_activation(model, dense[-1][0])
    if found != task.output_activation:
        return f"the output Dense has activation={found!r}; " + activation_lesson(task.output_activation, found)
    return None


@diagnosis(TRAINING)
def reads_no_order(model: keras.Model, task: str) -> str | None:
    if not recurrent_layers(model):
        return (
            "the model has no recurrent layer: pooling or flattening the steps throws their order "
            'away (so "not good" reads like "good ... not"), and a layer applied to each step alone '
            "sees only that step. Let an LSTM read the steps in order."
        )
    return None


@diagnosis(TRAINING)
def pools_away_where_things_are(model: keras.Model, task: str) -> str | None:
    pooled = [
        type(layer).__name__
        for layer, _ in walk_layers(model)
        if isinstance(layer, (layers.GlobalMaxPooling2D, layers.GlobalAveragePooling2D))
    ]
    if pooled:
        return (
            f"{pooled[0]} keeps one value per filter for the whole frame, so the encoder forgets where the "
            "dot is and no frame-to-frame comparison can tell which way it moved. Flatten the feature maps "
            "(after a MaxPooling2D, which keeps a coarser map)."
        )
    return None


@diagnosis(TRAINING)
def reads_backwards(model: keras.Model, task: str) -> str | None:
    if any(layer.go_backwards and not layer.bidirectional for layer in recurrent_layers(model)):
        return (
            "the LSTM has go_backwards=True: it reads the sequence from the end and returns its "
            "outputs in reverse order, so step t no longer sees the inputs up to t."
        )
    return None


@diagnosis(TRAINING)
def repeats_the_last_step(model: keras.Model, task: str) -> str | None:
    if not task.decodes and any(isinstance(layer, layers.RepeatVector) for layer, _ in walk_layers(model)):
        return (
            "RepeatVector copies the LSTM's last output to every step, so every step gets the "
            "same prediction; use return_sequences=True to keep one output per step."
        )
    return None


# --------------------------------------------------------------------------- Keras errors


@diagnosis(KERAS_ERROR)
def sequence_layer_got_one_step(message: str) -> str | None:
    if "at least 3 dimensions" in message or "expected ndim=3" in message:
        return (
            "Likely mistake: a layer that needs a sequence got the LSTM's last step only; "
            "give that LSTM return_sequences=True."
        )
    return None


@diagnosis(KERAS_ERROR)
def softmax_layer_given_a_padding_mask(message: str) -> str | None:
    if "mask` must be broadcastable" in message:
        return (
            "Likely mistake: a layers.Softmax received the Embedding's padding mask, one value per "
            "step, and cannot apply it to a distribution over the tokens. End the decoder in "
            'Dense(num_tokens, activation="softmax") (or layers.Activation("softmax")) instead.'
        )
    return None


# A model built for one frame (batch, height, width, channels) called on the clip, which has a
# frames axis first: Keras names both shapes, the clip's cut to the frame's rank, so the frame's
# height and width show up one place late in it.
FRAME_MODEL_GOT_A_CLIP = re.compile(
    r"expected shape=\(None, (?P<height>\d+), (?P<width>\d+), \d+\), found shape=\(None, \d+, (?P=height), (?P=width)\)"
)


@diagnosis(KERAS_ERROR)
def frame_layer_got_a_clip(message: str) -> str | None:
    if (
        "Kernel shape must have the same length as input" in message
        or "expected ndim=4, found ndim=5" in message
        or FRAME_MODEL_GOT_A_CLIP.search(message)
    ):
        return (
            "Likely mistake: a Conv2D reads one frame (height, width, channels) and got a whole clip, which has a "
            "frames axis too. Wrap the frame encoder in TimeDistributed, which runs it on every frame with the "
            "same weights."
        )
    return None


@diagnosis(KERAS_ERROR)
def gradient_of_an_unwatched_input(message: str) -> str | None:
    if "'NoneType' object has no attribute 'numpy'" in message:
        return (
            "Likely mistake: a value is None where a tensor was expected. tape.gradient returns "
            "None for a tensor the tape did not follow: a GradientTape follows variables on its "
            "own, but an input must be watched, with tape.watch(x) inside the `with` block."
        )
    return None


@diagnosis(KERAS_ERROR)
def vector_layer_got_a_sequence(message: str) -> str | None:
    if "expected ndim=2, found ndim=3" in message:
        return (
            "Likely mistake: a layer that needs one vector per sample (such as RepeatVector) got a "
            "whole sequence; the LSTM before it must not set return_sequences=True."
        )
    return None


# --------------------------------------------------------------------------- attention


@diagnosis(ATTENTION)
def attention_sees_the_wrong_steps(model: keras.Model, scores: np.ndarray, input_steps: int) -> str | None:
    if scores.shape[-1] != input_steps:
        return (
            f"the Attention layer sees {scores.shape[-1]} step(s), not the {input_steps} encoder "
            "outputs: give it the encoder LSTM's outputs with return_sequences=True."
        )
    return None


@diagnosis(ATTENTION)
def output_reads_the_decoder_too(model: keras.Model, scores: np.ndarray, input_steps: int) -> str | None:
    if any(isinstance(layer, layers.Concatenate) for layer, _ in walk_layers(model)):
        return (
            "the output Dense also reads the decoder's outputs, so the model memorised the values "
            "instead of learning to look them up. Feed the Dense the context alone."
        )
    return None


@diagnosis(ATTENTION)
def queries_that_never_change(model: keras.Model, scores: np.ndarray, input_steps: int) -> str | None:
    if np.allclose(scores[:, :1], scores, atol=1e-3):
        return (
            "every output step has the same weights, so the queries do not change from step to "
            "step: pass the decoder LSTM's outputs as the queries, not the repeated summary."
        )
    return None
