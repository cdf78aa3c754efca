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


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(x)
    _, scores = attention[0]([query, value], return_attention_scores=True)
    return np.asarray(scores)
