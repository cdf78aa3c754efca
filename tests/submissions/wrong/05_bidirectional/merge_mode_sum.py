"""Mistake: Bidirectional(..., merge_mode="sum"): the two directions are added into units values."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_a_bidirectional_lstm_with_concat_then_time_distributed_dense': "merge_mode='concat'"}
# Graded tests this mistake must not cost: a mistake is charged once.
NOT_CHARGED_BY = ['test_parameter_count_matches_two_lstms_and_a_dense_on_both']


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), layers.Bidirectional(layers.LSTM(units, return_sequences=True), merge_mode="sum"), layers.TimeDistributed(layers.Dense(output_dim))])
    model.compile(optimizer="adam", loss="mse")
    return model
