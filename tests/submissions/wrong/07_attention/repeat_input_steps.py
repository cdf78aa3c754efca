"""Mistake: RepeatVector(input_steps) sets the decoder's length to the input's."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_steps_predictions': 'RepeatVector got input_steps'}


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    inputs = keras.Input(shape=(input_steps, features))
    encoded, state_h, state_c = layers.LSTM(units, return_sequences=True, return_state=True)(inputs)
    repeated = layers.RepeatVector(input_steps)(state_h)
    queries = layers.LSTM(units, return_sequences=True)(repeated, initial_state=[state_h, state_c])
    context = layers.Attention()([queries, encoded])
    outputs = layers.TimeDistributed(layers.Dense(output_dim))(context)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model
