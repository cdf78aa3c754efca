"""Mistake: the encoder-decoder of kata 06, with no attention at all."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_attends_over_every_encoder_step': 'expected one layers.Attention()', 'test_attention_looks_at_the_tagged_inputs': 'no layers.Attention layer'}


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    inputs = keras.Input(shape=(input_steps, features))
    summary = layers.LSTM(units)(inputs)
    decoded = layers.LSTM(units, return_sequences=True)(layers.RepeatVector(output_steps)(summary))
    model = keras.Model(inputs, layers.TimeDistributed(layers.Dense(output_dim))(decoded))
    model.compile(optimizer="adam", loss="mse")
    return model
