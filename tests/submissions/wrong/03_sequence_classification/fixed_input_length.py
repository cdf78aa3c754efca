"""Mistake: keras.Input(shape=(100,)): only reviews of exactly 100 tokens fit."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_one_probability_per_sequence_of_any_length': 'any length'}


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    model = keras.Sequential([keras.Input(shape=(100,), dtype="int32"), layers.Embedding(vocab_size, embedding_dim, mask_zero=True), layers.LSTM(units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
