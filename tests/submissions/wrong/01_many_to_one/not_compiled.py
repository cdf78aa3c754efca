"""Mistake: the model is returned without compile()."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_compiled_with_adam_and_mean_squared_error': 'not compiled', 'test_model_learns_to_predict_the_next_value_of_a_sine_wave': 'raised'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1)])
    pass
    return model
