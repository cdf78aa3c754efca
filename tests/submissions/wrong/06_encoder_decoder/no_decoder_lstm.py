"""Mistake: RepeatVector straight into TimeDistributed(Dense): every output step is the same."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_encoder_summarises_and_decoder_unrolls_output_steps': 'An encoder-decoder has two', 'test_parameter_count_matches_encoder_and_decoder_formula': 'expected 2 LSTM layer(s), found 1'}


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(input_steps, features)), layers.LSTM(units), layers.RepeatVector(output_steps), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
