"""What a model is made of, read off its layers however it was written (Sequential or
Functional, wrappers, nested models): the LSTM stack, its flags and the output Dense.

The checks inspect public Keras properties, never an exact layer list, so any correct model
passes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import keras
from keras import layers

from kata_checks.findings import found
from kata_checks.messages import fail


class RecurrentLayer:
    """What a test needs to know about one recurrent layer, wrappers included."""

    def __init__(self, layer, bidirectional=False):
        self.layer = layer
        self.bidirectional = bidirectional
        cell = getattr(layer, "cell", None)
        self.kind = type(cell).__name__.removesuffix("Cell") if cell is not None else type(layer).__name__
        self.units = getattr(cell, "units", None)
        config = layer.get_config()
        self.return_sequences = bool(config.get("return_sequences", False))
        self.go_backwards = bool(config.get("go_backwards", False))
        self.name = layer.name

    @property
    def is_lstm(self) -> bool:
        return self.kind == "LSTM"

    def describe(self) -> str:
        text = f"{self.kind}({self.units}"
        if self.return_sequences:
            text += ", return_sequences=True"
        if self.go_backwards:
            text += ", go_backwards=True"
        text += ")"
        return f"Bidirectional({text})" if self.bidirectional else text


def walk_layers(model: keras.Model) -> Iterator[tuple[keras.layers.Layer, tuple[str, ...]]]:
    """(layer, wrapper names) for every layer, looking inside nested models and wrappers."""
    for layer in model.layers:
        yield from _walk(layer, ())


def _walk(layer, wrappers):
    if isinstance(layer, keras.Model):
        for inner in layer.layers:
            yield from _walk(inner, wrappers)
    elif isinstance(layer, layers.Bidirectional):
        yield layer, wrappers
        yield from _walk(layer.forward_layer, wrappers + ("Bidirectional",))
    elif isinstance(layer, layers.TimeDistributed):
        yield layer, wrappers
        yield from _walk(layer.layer, wrappers + ("TimeDistributed",))
    else:
        yield layer, wrappers


def recurrent_layers(model: keras.Model) -> list[RecurrentLayer]:
    return [
        RecurrentLayer(layer, bidirectional="Bidirectional" in wrappers)
        for layer, wrappers in walk_layers(model)
        if isinstance(layer, layers.RNN)
    ]


def dense_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """(Dense layer, whether it sits inside TimeDistributed), in model order."""
    return [
        (layer, "TimeDistributed" in wrappers)
        for layer, wrappers in walk_layers(model)
        if isinstance(layer, layers.Dense)
    ]


def embedding_layers(model: keras.Model) -> list[keras.layers.Embedding]:
    return [layer for layer, _ in walk_layers(model) if isinstance(layer, layers.Embedding)]


def check_lstm_stack(
    model: keras.Model,
    call: str,
    layer_units: Sequence[int],
    last_return_sequences: bool = False,
    bidirectional: bool = False,
    return_sequences: Sequence[bool] | None = None,
    lessons: Mapping[int, str] | None = None,
    count_lesson: str | None = None,
) -> list[RecurrentLayer]:
    """One LSTM per entry of `layer_units`, in order. Every LSTM but the last returns sequences;
    the last returns sequences only if `last_return_sequences`. A list `return_sequences` sets
    each LSTM's flag instead, and `lessons` maps a position to what to say when that flag is
    wrong; `count_lesson` is what to say when the number of LSTMs is. With `bidirectional`,
    each LSTM is wrapped in Bidirectional; otherwise none is, and
    none reads backwards."""
    recurrent = recurrent_layers(model)
    built = ", ".join(r.describe() for r in recurrent) or "none"
    wanted = ", ".join(f"LSTM({units})" for units in layer_units)
    if len(recurrent) != len(layer_units):
        lesson = count_lesson or (
            " Build one LSTM per entry of layer_units, in a loop." if len(layer_units) > 1 else ""
        )
        fail(
            f"{call} built a model with {len(recurrent)} recurrent layer(s) ({built}); expected "
            f"{len(layer_units)}: {wanted}."
            + found("no_recurrent_layer" if not recurrent else "wrong_number_of_recurrent_layers", lesson)
        )
    for position, (lstm, units) in enumerate(zip(recurrent, layer_units, strict=False)):
        which = "its LSTM" if len(layer_units) == 1 else f"LSTM number {position + 1}"
        last = position == len(layer_units) - 1
        if not lstm.is_lstm:
            fail(
                f"{call} built {lstm.describe()} as {which}; expected LSTM({units}). "
                + found("not_an_lstm", f"These katas are about the LSTM: use layers.LSTM, not layers.{lstm.kind}.")
            )
        if lstm.bidirectional and not bidirectional:
            fail(
                f"{call} wraps {which} in Bidirectional; expected a plain LSTM({units}) that reads the sequence "
                + found("bidirectional_where_one_direction_is_asked", "forwards. Bidirectional comes in kata 05.")
            )
        if bidirectional and not lstm.bidirectional:
            fail(
                f"{call} built {lstm.describe()} as {which}; expected "
                f"Bidirectional(LSTM({units}, return_sequences=True)), "
                + found(
                    "one_direction_where_bidirectional_is_asked",
                    "one LSTM reading forwards and one backwards, so each step sees both its past and its future.",
                )
            )
        if lstm.units != units:
            fail(
                f"{call} built {lstm.describe()} as {which}; expected LSTM({units}). "
                + found("fixed_units", "Take the number of units from the arguments instead of a fixed number.")
            )
        if lstm.go_backwards and not lstm.bidirectional:
            fail(
                f"{call} built {lstm.describe()}; expected go_backwards=False. "
                + found(
                    "reads_backwards",
                    "A backwards LSTM reads the latest step first, and its outputs come in reverse time order.",
                )
            )
        wanted_sequences = last_return_sequences if last else True
        if return_sequences is not None:
            wanted_sequences = return_sequences[position]
        if lstm.return_sequences != wanted_sequences:
            lesson = (lessons or {}).get(position) or return_sequences_lesson(model, wanted_sequences, last)
            fail(f"{call} built {lstm.describe()} as {which}; " + found("return_sequences", lesson))
    return recurrent


def return_sequences_lesson(model: keras.Model, wanted: Any, last: bool) -> str:
    if not wanted:
        return (
            "expected return_sequences=False on the last LSTM. The model predicts one value per "
            "sequence, so it keeps only the last LSTM's final output."
        )
    if not last:
        return (
            "expected return_sequences=True, because another LSTM follows it and an LSTM reads a "
            "sequence, not a single vector."
        )
    repeat = any(isinstance(layer, layers.RepeatVector) for layer, _ in walk_layers(model))
    return (
        "expected return_sequences=True. Without it the LSTM emits only its last step, and no "
        "layer after it can recover the others"
        + (": RepeatVector only copies that last step to every position." if repeat else ".")
    )


def check_dense_output(
    model: keras.Model, call: str, output_dim: int, time_distributed: bool, activation: str | None = "linear"
) -> None:
    """The model ends in Dense(output_dim) with the given activation (linear for regression).
    With `time_distributed` the Dense is applied at every step: TimeDistributed(Dense) and a
    plain Dense on a sequence are the same model in Keras 3, which applies a Dense to the last
    axis, so either passes."""
    dense = dense_layers(model)
    wanted = f"TimeDistributed(Dense({output_dim}))" if time_distributed else f"Dense({output_dim})"
    if not dense:
        fail(
            f"{call} built a model with no Dense layer; expected the LSTM to be followed by "
            f"{wanted}. "
            + found(
                "no_dense_after_the_lstm",
                "An LSTM's own outputs lie between -1 and 1 and there are `units` of them; the Dense layer maps "
                "them to the target.",
            )
        )
    last, _ = dense[-1]
    if last.units != output_dim:
        fail(
            f"{call} ends in Dense({last.units}); expected Dense({output_dim}), one unit per "
            + (
                "target value. Use the output_dim argument rather than a fixed number."
                if output_dim > 1 or time_distributed
                else "sequence for the one value predicted."
            )
        )
    given = final_activation(model, last)
    if given != activation:
        fail(
            f"{call} ends in Dense({last.units}, activation={given!r}); "
            + found("output_activation", activation_lesson(activation, given))
        )


def final_activation(model: keras.Model, dense: keras.layers.Layer) -> str | None:
    """The activation that the model's output comes out of after its Dense layer `dense`: the
    Dense's own, or that of an Activation layer after a linear Dense, for Dense(1) followed by
    Activation("sigmoid") is the same model as Dense(1, activation="sigmoid")."""
    found = dense.get_config().get("activation") or "linear"
    ordered = [layer for layer, _ in walk_layers(model)]
    for layer in ordered[ordered.index(dense) + 1 :]:
        if found != "linear":
            break
        if isinstance(layer, layers.Activation):
            name = layer.get_config().get("activation")
            found = name if isinstance(name, str) else str(getattr(layer.activation, "__name__", name))
        elif isinstance(layer, layers.Softmax):
            found = "softmax"
    return found


def activation_lesson(wanted: Any, found: Any) -> str:
    if wanted == "linear":
        return (
            "expected no activation (linear). The target is a real number that can be negative "
            f"or above 1; {found!r} squeezes the output into a fixed range, so the model can never "
            "reach it."
        )
    why = {
        "linear": " With no activation the output is any real number, not a probability.",
        "softmax": " Softmax over a single unit always outputs exactly 1.0, whatever the input.",
    }
    return (
        f"expected activation={wanted!r}, which turns the output into "
        + (
            "a distribution over the classes, as cross-entropy needs."
            if wanted == "softmax"
            else "a probability between 0 and 1, as binary cross-entropy needs."
        )
        + why.get(found, "")
    )
