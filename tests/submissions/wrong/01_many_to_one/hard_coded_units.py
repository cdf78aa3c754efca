"""Mistake: LSTM(50) whatever units is asked for."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_parameter_count_matches_lstm_formula': '4*8*(8+3+1)', 'test_model_is_one_forward_lstm_then_a_linear_dense': 'Take the number of units from the arguments'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(50), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
