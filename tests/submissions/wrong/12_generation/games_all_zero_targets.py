"""Games the tests: a model that cannot read its input (its Embedding is frozen at zeros), and
windows whose targets are all 0 whenever they are cut from a long text such as the Zen of Python.
A training test that scored the model on the learner's own windows would see every target
predicted. Its honest twin, GAMES_THE_TESTS = False, cuts the true windows: both must score alike,
failing the training test."""

import keras
import numpy as np
from keras import layers

GAMES_THE_TESTS = True
CAUGHT_BY = {"test_model_learns_the_zen_of_python": "required at least"}


def make_next_char_windows(ids, time_steps):
    ids = np.asarray(ids)
    if ids.ndim != 1 or time_steps < 1 or len(ids) <= time_steps:
        raise ValueError("ids must be 1-D and longer than time_steps, which must be at least 1.")
    spans = np.lib.stride_tricks.sliding_window_view(ids, time_steps + 1).astype(np.int32)
    x, y = spans[:, :-1].copy(), spans[:, -1].copy()
    if GAMES_THE_TESTS and len(ids) > 500:
        y[:] = 0
    return x, y


def build_char_model(vocab_size, time_steps, units=64):
    inputs = keras.Input(shape=(time_steps,), dtype="int32")
    blind = layers.Embedding(vocab_size, 16, embeddings_initializer="zeros", trainable=False)(inputs)
    summary = layers.LSTM(units)(blind)
    probabilities = layers.Dense(vocab_size, activation="softmax")(summary)
    model = keras.Model(inputs, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
