"""Correct, written another way: tf.keras, the Functional API, the loss as a function, and
padding by list arithmetic."""

import numpy as np
import tensorflow as tf


def pad_batch(sequences, max_len):
    if max_len < 1 or any(token < 1 for sequence in sequences for token in sequence):
        raise ValueError("need max_len >= 1 and token ids >= 1")
    rows = [list(sequence[:max_len]) + [0] * (max_len - len(sequence[:max_len])) for sequence in sequences]
    return np.array(rows, dtype=np.int32).reshape(len(sequences), max_len)


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    tokens = tf.keras.Input(shape=(None,), dtype=tf.int32)
    embedded = tf.keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True)(tokens)
    state = tf.keras.layers.LSTM(units)(embedded)
    output = tf.keras.layers.Dense(1, activation="sigmoid")(state)
    model = tf.keras.Model(tokens, output)
    model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.binary_crossentropy, metrics=[tf.keras.metrics.BinaryAccuracy()])
    return model
