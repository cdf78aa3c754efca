"""Correct, written another way: tf.keras, if/elif on the cell, the input as a tf.Variable (a
tape follows variables without watch), and the gradient of the summed loss, which is each
example's own gradient since each example's loss depends on its own inputs only."""

import numpy as np
import tensorflow as tf


def build_recurrent_classifier(cell, time_steps, features, units=32):
    if cell == "simple_rnn":
        recurrent = tf.keras.layers.SimpleRNN(units)
    elif cell == "gru":
        recurrent = tf.keras.layers.GRU(units)
    elif cell == "lstm":
        recurrent = tf.keras.layers.LSTM(units)
    else:
        raise ValueError(f"cell {cell!r} is not one of 'simple_rnn', 'gru', 'lstm'")
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(time_steps, features)),
        recurrent,
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model


def gradient_norms_through_time(model, x, y):
    inputs = tf.Variable(np.asarray(x, dtype=np.float32))
    labels = tf.constant(np.asarray(y, dtype=np.float32))
    with tf.GradientTape() as tape:
        total = tf.keras.losses.BinaryCrossentropy(reduction="sum")(labels, model(inputs))
    gradient = tape.gradient(total, inputs)
    per_step = tf.norm(gradient, axis=2)
    return tf.reduce_mean(per_step, axis=0).numpy()
