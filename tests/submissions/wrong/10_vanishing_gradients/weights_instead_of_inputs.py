"""Mistake: the tape differentiates the weights, so there is one norm per weight tensor, not per step."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_gradient_norms_have_one_value_per_step': 'differentiated the weights', 'test_gradient_norms_match_finite_differences': 'expected'}


def gradient_norms_through_time(model, x, y):
    with tf.GradientTape() as tape:
        loss = keras.losses.binary_crossentropy(tf.constant(y, tf.float32), model(tf.constant(x, tf.float32)))
    gradients = tape.gradient(loss, model.trainable_weights)
    return np.array([float(tf.norm(g)) for g in gradients])
