"""Mistake: the norm is taken over the steps instead of the features."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_gradient_norms_have_one_value_per_step': 'not over the steps'}


def gradient_norms_through_time(model, x, y):
    x = tf.constant(x, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = keras.losses.binary_crossentropy(tf.constant(y, tf.float32), model(x))
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=1).mean(axis=0)
