"""Mistake: TimeDistributed(Dense(output_dim, activation="sigmoid")) on a regression target."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_encoder_summarises_and_decoder_unrolls_output_steps': 'sigmoid', 'test_model_learns_to_reverse_the_last_inputs': 'sigmoid'}


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(input_steps, features)), layers.LSTM(units), layers.RepeatVector(output_steps), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim, activation="sigmoid"))])
    model.compile(optimizer="adam", loss="mse")
    return model
