"""Correct, written another way: a Sequential model with input_shape= on the Bidirectional
wrapper, 'adam' and 'mean_squared_error' strings."""

import keras


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.models.Sequential()
    model.add(keras.layers.Bidirectional(keras.layers.LSTM(units, return_sequences=True), input_shape=(time_steps, features)))
    model.add(keras.layers.TimeDistributed(keras.layers.Dense(output_dim)))
    model.compile(optimizer="adam", loss="mean_squared_error")
    return model
