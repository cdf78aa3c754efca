"""Mistake: every step's output is pooled before the Dense layer, so each step has its own road to the output."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_the_answer_comes_from_the_last_step_only': 'own road to the output', 'test_the_gradient_fades_through_time_with_keras_defaults': 'pools or flattens'}

def build_recurrent_classifier(cell, time_steps, features, units=32):
    kinds = {"simple_rnn": layers.SimpleRNN, "gru": layers.GRU, "lstm": layers.LSTM}
    if cell not in kinds:
        raise ValueError(f"unknown cell {cell!r}")
    inputs = keras.Input(shape=(time_steps, features))
    pooled = layers.GlobalAveragePooling1D()(kinds[cell](units, return_sequences=True)(inputs))
    model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(pooled))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def gradient_norms_through_time(model, x, y):
    x = tf.constant(x, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = keras.losses.binary_crossentropy(tf.constant(y, tf.float32), model(x))
    return np.linalg.norm(tape.gradient(loss, x).numpy(), axis=-1).mean(axis=0)
