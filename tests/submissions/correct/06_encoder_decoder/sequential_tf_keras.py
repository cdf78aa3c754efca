"""Correct, written another way: tf.keras, a Sequential model with input_shape= on the encoder,
and Adam() with MeanSquaredError() objects."""

import tensorflow as tf


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    model = tf.keras.Sequential(
        [
            tf.keras.layers.LSTM(units, input_shape=(input_steps, features)),
            tf.keras.layers.RepeatVector(output_steps),
            tf.keras.layers.LSTM(units, return_sequences=True),
            tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(output_dim)),
        ]
    )
    model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.MeanSquaredError())
    return model
