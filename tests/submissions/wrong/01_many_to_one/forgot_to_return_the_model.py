"""Mistake: builds and compiles the model but never returns it."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_value_per_sequence': 'forget `return model`'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
