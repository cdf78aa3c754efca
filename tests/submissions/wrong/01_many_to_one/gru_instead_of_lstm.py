"""Mistake: a GRU where an LSTM was asked for."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_one_forward_lstm_then_a_linear_dense': 'use layers.LSTM', 'test_parameter_count_matches_lstm_formula': 'not an LSTM'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.GRU(units), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
