"""Mistake: compile(loss='mse') with no optimizer, which means RMSprop."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_compiled_with_adam_and_mean_squared_error': 'RMSprop optimizer'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(loss="mse")
    return model
