"""Correct, written another way: Dense(1) followed by Activation("sigmoid"), one sigmoid unit as
well. Kata 10 reference solution: SimpleRNN, GRU and LSTM side by side, and how much gradient
reaches each input step."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The three recurrent layers this kata compares, by the names the learner passes.
RECURRENT_LAYERS = {"simple_rnn": layers.SimpleRNN, "gru": layers.GRU, "lstm": layers.LSTM}


def build_recurrent_classifier(cell, time_steps, features, units=32):
    """Build a binary classifier: one recurrent layer of the kind `cell` names, then one
    sigmoid unit.

    cell: "simple_rnn", "gru" or "lstm"

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, 1), a probability between 0 and 1

    Returns a model compiled with Adam and binary cross-entropy.
    Raises ValueError for any other cell.
    """
    if cell not in RECURRENT_LAYERS:
        raise ValueError(f"cell must be one of {sorted(RECURRENT_LAYERS)}; got {cell!r}.")
    inputs = keras.Input(shape=(time_steps, features))
    # Keras 3's defaults on purpose: GRU's reset_after=True, LSTM's forget-gate bias of 1 and
    # SimpleRNN's orthogonal recurrent weights are part of what the lesson measures.
    summary = RECURRENT_LAYERS[cell](units)(inputs)
    probability = layers.Activation("sigmoid")(layers.Dense(1)(summary))
    model = keras.Model(inputs, probability)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def gradient_norms_through_time(model, x, y):
    """How much each input step moves the loss: for every step t, the norm of the gradient of
    each example's binary cross-entropy with respect to its input at step t, averaged over the
    examples.

    model: a model with one sigmoid output, input shape (num_samples, time_steps, features)
    x:     (num_samples, time_steps, features)
    y:     (num_samples, 1) labels, 0 or 1

    Returns a float array of shape (time_steps,).
    """
    x = tf.convert_to_tensor(np.asarray(x, dtype=np.float32))
    y = tf.convert_to_tensor(np.asarray(y, dtype=np.float32))
    with tf.GradientTape() as tape:
        # x is a constant, not a weight: the tape only follows it when told to.
        tape.watch(x)
        losses = keras.losses.binary_crossentropy(y, model(x, training=False))
    # The gradient of the per-example losses: example i's loss depends on x[i] alone, so each
    # row of the result is that example's own gradient.
    gradients = tape.gradient(losses, x)
    # The norm over the features at each step, then the mean over the examples.
    return np.linalg.norm(gradients.numpy(), axis=-1).mean(axis=0)
