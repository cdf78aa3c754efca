"""Mistake: return_sequences=True on the only LSTM, so there is one output per step."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_value_per_sequence': 'must not set return_sequences=True'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
