"""Mistake: the input is a constant and the tape never watches it, so the gradient is None."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_gradient_norms_have_one_value_per_step': 'tape.watch', 'test_gradient_norms_match_finite_differences': 'tape.watch'}


def gradient_norms_through_time(model, x, y):
    x = tf.constant(x, tf.float32)
    with tf.GradientTape() as tape:
        loss = keras.losses.binary_crossentropy(tf.constant(y, tf.float32), model(x))
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1).mean(axis=0)
