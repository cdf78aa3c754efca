"""Mistake: compiled with SGD instead of Adam."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_compiled_with_adam_and_mean_squared_error': 'SGD optimizer'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model
