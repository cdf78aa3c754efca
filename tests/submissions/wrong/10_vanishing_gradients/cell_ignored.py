"""Mistake: every cell builds an LSTM."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_uses_the_recurrent_layer_that_cell_names': 'Choose the layer by the value of cell', 'test_parameter_count_matches_the_cells_formula': 'expected'}


def build_recurrent_classifier(cell, time_steps, features, units=32):
    if cell not in ("simple_rnn", "gru", "lstm"):
        raise ValueError(f"unknown cell {cell!r}")
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.LSTM(units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
