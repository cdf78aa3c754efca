"""Correct, written another way: keras.utils.pad_sequences with post padding and truncation,
a Sequential model, Adam() and BinaryCrossentropy() objects, and the 'acc' metric."""

import keras
import numpy as np


def pad_batch(sequences, max_len):
    if max_len < 1:
        raise ValueError("max_len must be positive")
    for sequence in sequences:
        if len(sequence) and min(sequence) < 1:
            raise ValueError("token ids must be 1 or more; 0 is the padding id")
    return keras.utils.pad_sequences(
        sequences, maxlen=max_len, padding="post", truncating="post", dtype="int32", value=0
    )


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    model = keras.Sequential(
        [
            keras.layers.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(input_dim=vocab_size, output_dim=embedding_dim, mask_zero=True),
            keras.layers.LSTM(units),
            keras.layers.Dense(1, activation=keras.activations.sigmoid),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=["acc"],
    )
    return model
