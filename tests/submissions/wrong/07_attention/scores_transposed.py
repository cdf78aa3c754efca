"""Mistake: returns the weights with input steps as rows."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_have_one_row_per_output_step': 'axes are swapped'}


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(x)
    _, scores = attention[0]([query, value], return_attention_scores=True)
    return np.transpose(np.asarray(scores), (0, 2, 1))
