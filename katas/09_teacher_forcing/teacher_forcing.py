"""Kata 09: sequence-to-sequence with teacher forcing, and a decoding loop.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/09_teacher_forcing
"""

import keras
import numpy as np
from keras import layers


def decoder_inputs(targets, start_id):
    """The decoder's input in training: the targets moved one step right, start_id first.

    targets:  int array-like of shape (num_samples, target_steps), the tokens the decoder must
              output, ending in the end token and padded with 0
    start_id: the token that starts every decoded sequence

    Returns an int32 array of shape (num_samples, target_steps): row i is
    [start_id, targets[i, 0], ..., targets[i, -2]].
    Raises ValueError when targets is not a 2-D array of integers with at least one step.
    """
    # TODO: check the targets and raise ValueError with a sentence when they are bad.
    # TODO: give the decoder, at each step, the true token of the step before.
    raise NotImplementedError("move the targets one step right, start_id first, as int32 of shape (N, target_steps)")


def build_seq2seq(num_tokens, units=64):
    """Build three models that share their layers: one to train with teacher forcing, and an
    encoder and a one-step decoder to generate with.

    training_model: [source ids (N, source_steps), decoder input ids (N, target_steps)]
                    -> probabilities (N, target_steps, num_tokens); compiled with Adam and
                    sparse categorical cross-entropy
    encoder_model:  source ids (N, source_steps) -> [h, c], each (N, units)
    decoder_model:  [one token (N, 1), h, c] -> [probabilities (N, 1, num_tokens), h, c]

    Token 0 is padding and is masked.
    """
    # TODO: create each layer once, then wire it into the three models the lesson describes.
    raise NotImplementedError("return (training_model, encoder_model, decoder_model), sharing their layers")


def greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps):
    """Generate each source's output, one token at a time, feeding back the most likely token.

    Returns a list with one list of token ids per source: the tokens generated before end_id
    (which is left out), or max_steps tokens if end_id never comes.
    """
    # TODO: encode the sources, then run the decoder one step at a time as the lesson describes.
    raise NotImplementedError("return one list of generated token ids per source")
