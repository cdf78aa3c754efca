"""Mistake: Bidirectional(LSTM(units)) without return_sequences: Keras refuses TimeDistributed on a vector."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_prediction_per_time_step': 'give that LSTM return_sequences=True'}


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.Bidirectional(layers.LSTM(units)), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
