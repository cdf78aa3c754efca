"""Mistake: Adam() with its default learning rate whatever learning_rate is asked for."""

import math

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_compile_for_training_uses_a_clipped_adam_and_mean_squared_error': 'learning_rate=0.01'}


def compile_for_training(model, learning_rate=1e-3, clipnorm=1.0):
    model.compile(optimizer=keras.optimizers.Adam(clipnorm=clipnorm), loss="mse")
    return model
