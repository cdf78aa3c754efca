"""Mistake: Dense(1, activation="relu"): the output can never be negative."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_one_forward_lstm_then_a_linear_dense': 'relu'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1, activation="relu")])
    model.compile(optimizer="adam", loss="mse")
    return model
