"""Mistake: model.layers[-2] taken on trust; a model without attention gets no clear error."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_rejects_a_model_without_attention': 'expected a ValueError'}


def attention_scores(model, x):
    attention = model.layers[-2]
    query, value = keras.Model(model.input, attention.input)(x)
    _, scores = attention([query, value], return_attention_scores=True)
    return np.asarray(scores)
