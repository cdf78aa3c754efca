"""Kata 03: a many-to-one LSTM that classifies token sequences (sentiment analysis).

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/03_sequence_classification
"""

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
    # TODO: check max_len and every token id; raise ValueError with a sentence when bad.
    # TODO: put the first max_len tokens of each sequence at the start of its row, zeros after.
    raise NotImplementedError("pad the sequences into an int32 array of shape (N, max_len), zeros at the end")


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    """Build an LSTM that reads token ids and outputs the probability of the positive class.

    vocab_size: the number of token ids, the padding id 0 included: ids run from 0 to
                vocab_size - 1, so Embedding(vocab_size, ...) has one row per id

    Input shape:  (num_samples, sequence_length) integer token ids, any length; 0 is padding
    Output shape: (num_samples, 1), a probability between 0 and 1

    Returns a model compiled with Adam, binary cross-entropy and an accuracy metric.
    """
    # TODO: build the classifier the lesson describes: token ids of any length in, padding
    #       skipped, one probability out.
    raise NotImplementedError("build a classifier that turns token ids into one probability of shape (N, 1)")
