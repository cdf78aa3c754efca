"""Mistake: Adam with a learning rate of 1e-6: the right shape and settings, but it never learns in time."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_learns_to_predict_the_next_value_of_a_sine_wave': 'did not learn'}


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-6), loss="mse")
    return model
