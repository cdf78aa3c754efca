"""Mistake: Adam with the learning rate but without clipnorm."""

import math

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_compile_for_training_uses_a_clipped_adam_and_mean_squared_error': 'clipnorm'}


def compile_for_training(model, learning_rate=1e-3, clipnorm=1.0):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse")
    return model
