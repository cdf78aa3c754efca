"""Mistake: a GRU with reset_after=False, the formulation with one bias per gate."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_parameter_count_matches_the_cells_formula': 'reset_after=False'}


def build_recurrent_classifier(cell, time_steps, features, units=32):
    kinds = {"simple_rnn": layers.SimpleRNN, "gru": lambda units: layers.GRU(units, reset_after=False), "lstm": layers.LSTM}
    if cell not in kinds:
        raise ValueError(f"unknown cell {cell!r}")
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), kinds[cell](units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
