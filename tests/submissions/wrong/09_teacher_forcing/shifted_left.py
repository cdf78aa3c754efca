"""Mistake: the targets moved left, so the decoder reads the very token it must predict."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_inputs_move_the_targets_right_after_the_start_token': 'moves the targets left'}


def decoder_inputs(targets, start_id):
    """The decoder's input in training: the targets moved one step right, start_id first.

    targets:  int array-like of shape (num_samples, target_steps), the tokens the decoder must
              output, ending in the end token and padded with 0
    start_id: the token that starts every decoded sequence

    Returns an int32 array of shape (num_samples, target_steps): row i is
    [start_id, targets[i, 0], ..., targets[i, -2]].
    Raises ValueError when targets is not a 2-D array of integers with at least one step.
    """
    targets = np.asarray(targets)
    if targets.ndim != 2 or targets.shape[1] < 1:
        raise ValueError(f"targets must be a 2-D array (num_samples, target_steps); got shape {targets.shape}.")
    if targets.size and not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets must hold integer token ids; got dtype {targets.dtype}.")
    shifted = np.empty(targets.shape, dtype=np.int32)
    # Teacher forcing: at step t the decoder reads the true token of step t - 1.
    shifted[:, :-1] = targets[:, 1:]
    shifted[:, -1] = start_id
    return shifted
