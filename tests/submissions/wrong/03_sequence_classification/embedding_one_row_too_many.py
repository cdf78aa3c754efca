"""Mistake: Embedding(vocab_size + 1, ...), as if vocab_size did not count the padding id 0."""

import keras
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_embeds_with_a_mask_then_one_lstm_then_a_sigmoid': 'already counts the padding id 0', 'test_parameter_count_matches_embedding_and_lstm_formula': 'one row too many'}


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(vocab_size + 1, embedding_dim, mask_zero=True), layers.LSTM(units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
