"""Correct, written another way: a Functional model, and the norms with loops and keras.ops."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


def build_recurrent_classifier(cell, time_steps, features, units=32):
    layer_classes = {"simple_rnn": layers.SimpleRNN, "gru": layers.GRU, "lstm": layers.LSTM}
    if cell not in layer_classes:
        raise ValueError("cell must be 'simple_rnn', 'gru' or 'lstm'")
    inputs = keras.Input((time_steps, features))
    outputs = layers.Dense(1, activation="sigmoid")(layer_classes[cell](units)(inputs))
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def gradient_norms_through_time(model, x, y):
    x = tf.convert_to_tensor(x, dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        losses = keras.losses.binary_crossentropy(keras.ops.convert_to_tensor(y, "float32"), model(x))
    gradient = keras.ops.convert_to_numpy(tape.gradient(losses, x))
    norms = []
    for t in range(gradient.shape[1]):
        norms.append(np.mean([np.sqrt(np.sum(gradient[i, t] ** 2)) for i in range(gradient.shape[0])]))
    return np.array(norms)
