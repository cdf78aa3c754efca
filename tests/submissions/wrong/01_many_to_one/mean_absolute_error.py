"""Mistake: compiled with mean absolute error instead of mean squared error."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_compiled_with_adam_and_mean_squared_error': 'mean_absolute_error'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(), loss="mae")
    return model
