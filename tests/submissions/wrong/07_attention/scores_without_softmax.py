"""Mistake: returns the raw dot products, which do not sum to 1."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_are_the_layers_weights': 'not the raw dot products'}


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(x)
    return np.einsum("nju,niu->nji", np.asarray(query), np.asarray(value))
