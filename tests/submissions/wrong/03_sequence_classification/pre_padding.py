"""Mistake: zeros before the tokens, as pad_sequences does by default."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_pad_batch_keeps_the_first_tokens_and_pads_with_zeros_at_the_end': 'pre-padding: the zeros must go after'}


def pad_batch(sequences, max_len):
    if max_len < 1 or any(token < 1 for sequence in sequences for token in sequence):
        raise ValueError("token ids start at 1 and max_len must be at least 1.")
    rows = np.zeros((len(sequences), max_len), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        kept = list(sequence)[:max_len]
        if kept:
            rows[row, max_len - len(kept):] = kept
    return rows
