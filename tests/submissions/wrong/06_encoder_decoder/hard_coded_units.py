"""Mistake: LSTM(64) for the encoder and the decoder whatever units is asked for."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_encoder_summarises_and_decoder_unrolls_output_steps': 'expected LSTM(16)', 'test_parameter_count_matches_encoder_and_decoder_formula': '4*8*(8+2+1)'}


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(input_steps, features)), layers.LSTM(64), layers.RepeatVector(output_steps), layers.LSTM(64, return_sequences=True), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
