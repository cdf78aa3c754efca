"""Kata 07: an encoder-decoder whose decoder looks back at every input step (attention).

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/07_attention
"""

import keras
from keras import layers


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    """Build an encoder-decoder with dot-product attention: at each output step the decoder
    compares its state with every encoder output and reads a weighted average of them.

    Input shape:  (num_samples, input_steps, features)
    Output shape: (num_samples, output_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    # TODO: build the model the lesson describes: kata 06's encoder-decoder, where each output
    #       step reads a weighted average of the encoder's outputs.
    raise NotImplementedError(
        "let the decoder attend over every encoder output; output shape (N, output_steps, output_dim)"
    )


def attention_scores(model, x):
    """The attention weights that `model`'s Attention layer gives for the inputs `x`.

    Returns an array of shape (num_samples, output_steps, input_steps): row j says how much
    output step j looks at each input step, and sums to 1.
    Raises ValueError if the model has no Attention layer.
    """
    # TODO: raise ValueError with a sentence when the model has no Attention layer.
    # TODO: ask the model's Attention layer for the weights it gives for x.
    raise NotImplementedError("return the Attention layer's weights for x, shape (N, output_steps, input_steps)")
