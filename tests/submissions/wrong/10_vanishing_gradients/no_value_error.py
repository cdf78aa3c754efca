"""Mistake: an unknown cell silently builds an LSTM."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_an_unknown_cell_is_rejected_with_value_error': 'returned without raising'}


def build_recurrent_classifier(cell, time_steps, features, units=32):
    kind = {"simple_rnn": layers.SimpleRNN, "gru": layers.GRU}.get(cell, layers.LSTM)
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), kind(units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
