"""Attention inside a learner's model: finding the one dot-product Attention layer and what it
reads, reading its weights, drawing them as text, and the tests' own attention model and task."""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np
from keras import layers

from kata_checks.layers import walk_layers
from kata_checks.messages import fail


def attention_layers(model: keras.Model) -> list[keras.layers.Attention]:
    """The dot-product Attention layers (AdditiveAttention subclasses Attention, so it is left out)."""
    return [
        layer
        for layer, _ in walk_layers(model)
        if isinstance(layer, layers.Attention) and not isinstance(layer, layers.AdditiveAttention)
    ]


def attention_tensors(model: keras.Model, layer: keras.layers.Layer, x: np.ndarray) -> list[np.ndarray]:
    """The query, the values and the context that `layer` computes inside `model` for inputs
    `x`, as arrays, read through a model that stops at the layer."""
    query, value = layer.input[:2]
    probe = keras.Model(model.input, [query, value, layer.output])
    return [keras.ops.convert_to_numpy(array) for array in probe(x, training=False)]


def attention_weights(model: keras.Model, x: np.ndarray) -> np.ndarray:
    """The weights `model`'s Attention layer gives for `x`: (num_samples, output_steps, input_steps)."""
    layer = attention_layers(model)[0]
    query_and_value = keras.Model(model.input, layer.input)(x, training=False)
    _, scores = layer(query_and_value, return_attention_scores=True)
    return keras.ops.convert_to_numpy(scores)


HEATMAP_SHADES = " .:-=+*#%@"


def attention_heatmap(scores: np.ndarray, looked_for: Sequence[int] | None = None) -> str:
    """One example's attention weights as text: a row per output step, a column per input step,
    darker for more weight. `looked_for[j]` marks with [ ] the input step output j should read."""
    output_steps, input_steps = scores.shape
    lines = ["output step \\ input step " + "".join(f"{step:^4}" for step in range(input_steps))]
    for row in range(output_steps):
        cells = []
        for step in range(input_steps):
            weight = float(np.clip(scores[row, step], 0.0, 1.0))
            shade = HEATMAP_SHADES[min(int(weight * len(HEATMAP_SHADES)), len(HEATMAP_SHADES) - 1)]
            marked = looked_for is not None and looked_for[row] == step
            cells.append(f"[{shade * 2}]" if marked else f" {shade * 2} ")
        strongest = int(np.argmax(scores[row]))
        lines.append(f"{row:>11}              {''.join(cells)}  max {scores[row, strongest]:.2f} at step {strongest}")
    legend = "Darker means more weight (blank 0, @ 1)"
    lines.append(legend + ("; [ ] marks the input step the task says to read." if looked_for is not None else "."))
    return "\n".join(lines)


def check_one_dot_product_attention(model: keras.Model, call: str) -> keras.layers.Attention:
    """The model's one layers.Attention, scoring by dot product; return it."""
    attention = attention_layers(model)
    if len(attention) != 1:
        others = [
            type(layer).__name__
            for layer, _ in walk_layers(model)
            if "Attention" in type(layer).__name__ and layer not in attention
        ]
        found = f"{len(attention)} keras.layers.Attention layers" + (f" and {', '.join(others)}" if others else "")
        fail(
            f"{call} has {found}; expected one layers.Attention(), the dot-product attention this "
            "kata is about. It takes [decoder outputs, encoder outputs]: the decoder asks, the "
            "encoder's steps answer."
        )
    layer = attention[0]
    if layer.score_mode != "dot":
        fail(
            f"{call} uses Attention(score_mode={layer.score_mode!r}); expected the default "
            "score_mode='dot': each score is the dot product of a decoder output and an encoder output."
        )
    return layer


def check_attention_reads_decoder_queries_and_every_encoder_step(
    layer: keras.layers.Layer, call: str, input_steps: int, output_steps: int, units: int
) -> None:
    query, value = (tuple(tensor.shape) for tensor in layer.input[:2])
    if query != (None, output_steps, units):
        fail(
            f"{call} gives its Attention layer queries of shape {query}; expected {(None, output_steps, units)}, "
            "one decoder output per output step. The first input to Attention is the decoder's outputs."
        )
    if value != (None, input_steps, units):
        fail(
            f"{call} gives its Attention layer values of shape {value}; expected {(None, input_steps, units)}, "
            "every encoder output. Give the encoder LSTM return_sequences=True (and return_state=True "
            "for the decoder's start) and pass its outputs as the second input: "
            "Attention()([decoder_outputs, encoder_outputs])."
        )


def model_with_attention(input_steps: int, output_steps: int, features: int, units: int) -> keras.Model:
    """A small attention model of another design than the kata's, so that these tests check
    attention_scores() on its own. Its scale is set to 4 to make the weights far from even."""
    inputs = keras.Input(shape=(input_steps, features))
    values = layers.Dense(units, activation="tanh", kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))(
        inputs
    )
    summary = layers.LSTM(units)(inputs)
    queries = layers.LSTM(units, return_sequences=True)(layers.RepeatVector(output_steps)(summary))
    attention = layers.Attention(use_scale=True)
    context = attention([queries, values])
    model = keras.Model(inputs, layers.Dense(1)(context))
    attention.scale.assign(4.0)
    return model


def tagged_values(
    rng: np.random.Generator, count: int, input_steps: int, output_steps: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature 0 holds random values in [-1, 1] at input_steps steps. Features 1 to output_steps
    tag that many of the steps, at random places: feature 1+j marks the step whose value is output
    j. The target is the tagged values in tag order; the tagged positions say where output j
    should look. Returns (x, y, positions)."""
    x = np.zeros((count, input_steps, 1 + output_steps), dtype=np.float32)
    x[:, :, 0] = rng.uniform(-1, 1, (count, input_steps))
    positions = np.argsort(rng.random((count, input_steps)), axis=1)[:, :output_steps]
    x[np.arange(count)[:, None], positions, 1 + np.arange(output_steps)] = 1.0
    y = np.take_along_axis(x[:, :, 0], positions, axis=1)[:, :, None]
    return x, y, positions
