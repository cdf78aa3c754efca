"""Mistake: LSTM(1) as the output layer, with no Dense."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_parameter_count_matches_lstm_formula': 'no Dense layer', 'test_model_is_one_forward_lstm_then_a_linear_dense': 'no Dense layer', 'test_model_learns_to_predict_the_next_value_of_a_sine_wave': 'no Dense layer'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
