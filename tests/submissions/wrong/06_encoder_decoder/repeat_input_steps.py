"""Mistake: RepeatVector(input_steps): the output gets the input's length."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_steps_predictions': 'RepeatVector must repeat the summary output_steps times', 'test_encoder_summarises_and_decoder_unrolls_output_steps': 'not input_steps'}


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(input_steps, features)), layers.LSTM(units), layers.RepeatVector(input_steps), layers.LSTM(units, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
