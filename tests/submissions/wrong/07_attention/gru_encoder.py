"""Mistake: a GRU encoder where the kata asks for an LSTM."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_attends_over_every_encoder_step': 'use layers.LSTM'}


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    inputs = keras.Input(shape=(input_steps, features))
    encoded, state = layers.GRU(units, return_sequences=True, return_state=True)(inputs)
    queries = layers.LSTM(units, return_sequences=True)(layers.RepeatVector(output_steps)(state))
    context = layers.Attention()([queries, encoded])
    model = keras.Model(inputs, layers.TimeDistributed(layers.Dense(output_dim))(context))
    model.compile(optimizer="adam", loss="mse")
    return model
