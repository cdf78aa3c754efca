"""Correct, written another way: tf.keras, a Sequential model grown with add() and input_shape=
on the first LSTM, a relu activation, and Adam() with MeanSquaredError() objects."""

import tensorflow as tf


def build_stacked_lstm(time_steps, features, layer_units=(32, 16), output_dim=1):
    sizes = list(layer_units)
    if len(sizes) == 0:
        raise ValueError("need at least one entry in layer_units")
    model = tf.keras.Sequential()
    for index, units in enumerate(sizes):
        more_to_come = index + 1 < len(sizes)
        if index == 0:
            model.add(tf.keras.layers.LSTM(units, activation="relu", return_sequences=more_to_come, input_shape=(time_steps, features)))
        else:
            model.add(tf.keras.layers.LSTM(units, activation="relu", return_sequences=more_to_come))
    model.add(tf.keras.layers.Dense(output_dim))
    model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.MeanSquaredError())
    return model
