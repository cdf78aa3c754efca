"""Mistake: a sigmoid output compiled with BinaryCrossentropy(from_logits=True): the loss
squashes the probability a second time."""

import keras
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_compiled_with_adam_binary_crossentropy_and_accuracy': 'from_logits=True'}


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(vocab_size, embedding_dim, mask_zero=True), layers.LSTM(units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
