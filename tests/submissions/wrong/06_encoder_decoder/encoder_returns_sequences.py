"""Mistake: an encoder with return_sequences=True: RepeatVector gets a sequence and Keras refuses it."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_steps_predictions': 'the LSTM before it must not set return_sequences=True'}


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(input_steps, features)), layers.LSTM(units, return_sequences=True), layers.RepeatVector(output_steps), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
