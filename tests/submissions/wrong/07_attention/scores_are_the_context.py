"""Mistake: returns the Attention layer's output (the context), not its weights."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_have_one_row_per_output_step': 'the context'}


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(x)
    return np.asarray(attention[0]([query, value]))
