"""Mistake: a bag of words, the word vectors averaged and fed to a small network: it sees which
words a review holds but not their order, so it cannot tell which word a "not" negates."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_learns_to_tell_positive_from_negative_reviews': 'no recurrent layer'}


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = layers.Embedding(vocab_size, embedding_dim, mask_zero=True)(tokens)
    average = layers.GlobalAveragePooling1D()(vectors)
    hidden = layers.Dense(units, activation="relu")(average)
    model = keras.Model(tokens, layers.Dense(1, activation="sigmoid")(hidden))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
