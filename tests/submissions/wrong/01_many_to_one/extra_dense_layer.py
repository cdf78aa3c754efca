"""Mistake: a hidden Dense(units) between the LSTM and the output Dense."""

import keras
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_parameter_count_matches_lstm_formula': 'there is an extra Dense layer'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(units), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
