"""Mistake: returns the Attention layer's output (the context), not its weights."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_attention_scores_have_one_row_per_output_step': 'the context'}


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    inputs = keras.Input(shape=(input_steps, features))
    encoded, state_h, state_c = layers.LSTM(units, return_sequences=True, return_state=True)(inputs)
    repeated = layers.RepeatVector(output_steps)(state_h)
    queries = layers.LSTM(units, return_sequences=True)(repeated, initial_state=[state_h, state_c])
    context = layers.Attention()([queries, encoded])
    outputs = layers.TimeDistributed(layers.Dense(output_dim))(context)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


def attention_scores(model, x):
    attention = [layer for layer in model.layers if isinstance(layer, layers.Attention)]
    if not attention:
        raise ValueError("this model has no Attention layer")
    query, value = keras.Model(model.input, attention[0].input)(x)
    return np.asarray(attention[0]([query, value]))
