"""Mistake: returns 1/input_steps everywhere: the right shape and sums, but no attention."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_are_the_layers_weights': "do not give the layer's output", 'test_attention_scores_depend_on_the_input': 'same weights for two different inputs'}


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(x)
    steps = np.asarray(value).shape[1]
    return np.full((len(x), np.asarray(query).shape[1], steps), 1.0 / steps)
