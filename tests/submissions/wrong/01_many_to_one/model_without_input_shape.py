"""Mistake: a Sequential model with no Input, so it is never built."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_value_per_sequence': 'has not been built'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
