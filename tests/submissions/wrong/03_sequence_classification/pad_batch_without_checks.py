"""Mistake: no argument checks: token 0 and a max_len of 0 go through."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_pad_batch_rejects_bad_input_with_value_error': 'expected a ValueError'}


def pad_batch(sequences, max_len):
    rows = np.zeros((len(sequences), max(max_len, 0)), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        kept = list(sequence)[:max_len]
        rows[row, :len(kept)] = kept
    return rows
