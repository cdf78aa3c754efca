"""Mistake: computes the weights for an input of zeros instead of x."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_depend_on_the_input': 'same weights for two different inputs'}


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(np.zeros_like(x))
    _, scores = attention[0]([query, value], return_attention_scores=True)
    return np.asarray(scores)
