"""Mistake: Embedding without mask_zero=True: the LSTM reads padding as words."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_padding_at_the_end_does_not_change_the_prediction': 'mask_zero=True', 'test_model_embeds_with_a_mask_then_one_lstm_then_a_sigmoid': 'mask_zero=True'}


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(vocab_size, embedding_dim), layers.LSTM(units), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
