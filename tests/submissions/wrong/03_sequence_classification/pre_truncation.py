"""Mistake: a long sequence keeps its last tokens instead of its first."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_pad_batch_keeps_the_first_tokens_and_pads_with_zeros_at_the_end': 'pre-truncation'}


def pad_batch(sequences, max_len):
    if max_len < 1 or any(token < 1 for sequence in sequences for token in sequence):
        raise ValueError("token ids start at 1 and max_len must be at least 1.")
    rows = np.zeros((len(sequences), max_len), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        kept = list(sequence)[-max_len:]
        rows[row, :len(kept)] = kept
    return rows
