"""Mistake: the LSTM has 64 units whatever `units` asks for."""

import keras
from keras import layers

CAUGHT_BY = {"test_char_model_gives_a_distribution_over_the_vocabulary": "Take the number of units from the arguments"}


def build_char_model(vocab_size, time_steps, units=64):
    inputs = keras.Input(shape=(time_steps,), dtype="int32")
    vectors = layers.Embedding(vocab_size, 16)(inputs)
    summary = layers.LSTM(64)(vectors)
    probabilities = layers.Dense(vocab_size, activation="softmax")(summary)
    model = keras.Model(inputs, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
