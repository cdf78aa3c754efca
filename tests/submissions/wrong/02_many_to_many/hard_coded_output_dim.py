"""Mistake: TimeDistributed(Dense(1)) whatever output_dim is asked for."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_prediction_per_time_step': 'output_dim argument'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(1))])
    model.compile(optimizer="adam", loss="mse")
    return model
