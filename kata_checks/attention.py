"""Reading an Attention layer inside a learner's model, and drawing its weights as text."""

import keras
import numpy as np
from keras import layers

from kata_checks.layers import walk_layers


def attention_layers(model):
    """The dot-product Attention layers (AdditiveAttention subclasses Attention, so it is left out)."""
    return [
        layer
        for layer, _ in walk_layers(model)
        if isinstance(layer, layers.Attention) and not isinstance(layer, layers.AdditiveAttention)
    ]


def attention_tensors(model, layer, x):
    """The query, the values and the context that `layer` computes inside `model` for inputs
    `x`, as arrays, read through a model that stops at the layer."""
    query, value = layer.input[:2]
    probe = keras.Model(model.input, [query, value, layer.output])
    return [keras.ops.convert_to_numpy(array) for array in probe(x, training=False)]


def attention_weights(model, x):
    """The weights `model`'s Attention layer gives for `x`: (num_samples, output_steps, input_steps)."""
    layer = attention_layers(model)[0]
    query_and_value = keras.Model(model.input, layer.input)(x, training=False)
    _, scores = layer(query_and_value, return_attention_scores=True)
    return keras.ops.convert_to_numpy(scores)


HEATMAP_SHADES = " .:-=+*#%@"


def attention_heatmap(scores, looked_for=None):
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
