"""Mistake: the decoding loop feeds the source's tokens back in, not the tokens it chose."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_greedy_decode_feeds_back_each_chosen_token_until_the_end_token': "not the source's tokens"}


def greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps):
    """Generate each source's output, one token at a time, feeding back the most likely token.

    Returns a list with one list of token ids per source: the tokens generated before end_id
    (which is left out), or max_steps tokens if end_id never comes.
    """
    source_ids = np.asarray(source_ids, dtype=np.int32)
    # Numpy arrays throughout: Keras refuses a call that mixes arrays and tensors.
    h, c = (np.asarray(state) for state in encoder_model(source_ids, training=False))
    count = len(source_ids)
    token = np.full((count, 1), start_id, dtype=np.int32)
    outputs = [[] for _ in range(count)]
    finished = np.zeros(count, dtype=bool)
    for step in range(max_steps):
        probabilities, h, c = (np.asarray(value) for value in decoder_model([token, h, c], training=False))
        # Greedy: the most likely token, which becomes the next step's input.
        chosen = np.argmax(probabilities[:, -1, :], axis=-1).astype(np.int32)[:, None]
        token = source_ids[:, min(step, source_ids.shape[1] - 1)][:, None]
        for row in np.flatnonzero(~finished):
            if chosen[row, 0] == end_id:
                finished[row] = True
            else:
                outputs[row].append(int(chosen[row, 0]))
        if finished.all():
            break
    return outputs
