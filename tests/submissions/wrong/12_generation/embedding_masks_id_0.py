"""Mistake: the Embedding masks id 0, which here is a real character (the newline), not padding."""

import keras
from keras import layers

CAUGHT_BY = {"test_char_model_gives_a_distribution_over_the_vocabulary": "mask_zero=True"}


def build_char_model(vocab_size, time_steps, units=64):
    inputs = keras.Input(shape=(time_steps,), dtype="int32")
    vectors = layers.Embedding(vocab_size, 16, mask_zero=True)(inputs)
    summary = layers.LSTM(units)(vectors)
    probabilities = layers.Dense(vocab_size, activation="softmax")(summary)
    model = keras.Model(inputs, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
