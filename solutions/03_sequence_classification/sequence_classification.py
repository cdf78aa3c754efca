"""Kata 03 reference solution: a many-to-one LSTM that classifies token sequences."""

import keras
import numpy as np
from keras import layers


def pad_batch(sequences, max_len):
    """Pad (or cut) token sequences to one length, so they fit in one array.

    sequences: list of lists of token ids; ids start at 1, and 0 is reserved for padding
    max_len:   the length of every row, at least 1

    Returns an int32 array of shape (len(sequences), max_len). Row i holds the first max_len
    tokens of sequences[i], followed by zeros (post-padding, post-truncation).

    Raises ValueError when a token id is below 1 or max_len < 1.
    """
    if max_len < 1:
        raise ValueError(f"max_len must be at least 1; got {max_len}.")
    padded = np.zeros((len(sequences), max_len), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        tokens = np.asarray(sequence, dtype=np.int64)
        if np.any(tokens < 1):
            raise ValueError(f"sequence {row} holds token id {tokens.min()}; ids start at 1, because 0 means padding.")
        # Post-truncation keeps the start of a long sequence; post-padding puts zeros after it.
        kept = tokens[:max_len]
        padded[row, : len(kept)] = kept
    return padded


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    """Build an LSTM that reads token ids and outputs the probability of the positive class.

    vocab_size: the number of token ids, the padding id 0 included: ids run from 0 to
                vocab_size - 1, so Embedding(vocab_size, ...) has one row per id

    Input shape:  (num_samples, sequence_length) integer token ids, any length; 0 is padding
    Output shape: (num_samples, 1), a probability between 0 and 1

    Returns a model compiled with Adam, binary cross-entropy and an accuracy metric.
    """
    tokens = keras.Input(shape=(None,), dtype="int32")
    # mask_zero=True tells the LSTM to skip padding, so trailing zeros change nothing.
    vectors = layers.Embedding(vocab_size, embedding_dim, mask_zero=True)(tokens)
    summary = layers.LSTM(units)(vectors)
    # One sigmoid unit: the probability that the sequence is positive.
    probability = layers.Dense(1, activation="sigmoid")(summary)
    model = keras.Model(tokens, probability)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
