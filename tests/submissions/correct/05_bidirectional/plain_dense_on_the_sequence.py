"""Correct, written another way: a plain Dense on the Bidirectional LSTM's sequence, as the
Bidirectional docstring writes it: Keras 3 applies a Dense to the last axis, so it is the same
model as TimeDistributed(Dense)."""

import keras
from keras import layers


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.Bidirectional(layers.LSTM(units, return_sequences=True)), layers.Dense(output_dim)])
    model.compile(optimizer="adam", loss="mse")
    return model
