"""Broken: build_many_to_one renames time_steps to n_steps, so the tests' keyword call fails."""

import keras
from keras import layers


def build_many_to_one(n_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(n_steps, features)), layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
