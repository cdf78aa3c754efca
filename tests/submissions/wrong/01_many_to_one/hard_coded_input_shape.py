"""Mistake: keras.Input(shape=(10, 1)) whatever time_steps and features are."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_value_per_sequence': 'rather than fixed numbers'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(10, 1)), layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
