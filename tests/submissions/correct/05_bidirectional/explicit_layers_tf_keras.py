"""Correct, written another way: tf.keras, Bidirectional given its forward and backward LSTMs
explicitly, merge_mode spelled out, and Adam() with MeanSquaredError() objects."""

import tensorflow as tf


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    forward = tf.keras.layers.LSTM(units, return_sequences=True)
    backward = tf.keras.layers.LSTM(units, return_sequences=True, go_backwards=True)
    inputs = tf.keras.Input(shape=(time_steps, features))
    states = tf.keras.layers.Bidirectional(forward, backward_layer=backward, merge_mode="concat")(inputs)
    outputs = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(output_dim, activation=None))(states)
    model = tf.keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.MeanSquaredError())
    return model
