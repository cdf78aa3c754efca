"""Mistake: the gradient's loss is told from_logits=True, though the model's output is already a
sigmoid probability: it applies a second sigmoid. On TensorFlow a sigmoid layer's output keeps
its logits beside it, and the loss quietly uses those; on any other output the slip shows."""

import keras
import numpy as np
import tensorflow as tf

CAUGHT_BY = {"test_gradient_norms_match_finite_differences": "from_logits=True"}


def gradient_norms_through_time(model, x, y):
    x = tf.convert_to_tensor(np.asarray(x, dtype=np.float32))
    y = tf.convert_to_tensor(np.asarray(y, dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        losses = keras.losses.binary_crossentropy(y, model(x, training=False), from_logits=True)
    return np.linalg.norm(tape.gradient(losses, x).numpy(), axis=-1).mean(axis=0)
