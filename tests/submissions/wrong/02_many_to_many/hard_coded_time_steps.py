"""Mistake: keras.Input(shape=(10, features)) whatever time_steps is."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_prediction_per_time_step': 'rather than fixed numbers'}


def build_many_to_many(time_steps, features, units=50, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(10, features)), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
