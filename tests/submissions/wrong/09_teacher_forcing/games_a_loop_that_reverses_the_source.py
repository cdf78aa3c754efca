"""Games the tests: a model that never learns (a learning rate of 0), and a greedy_decode that,
handed a batch as large as a held-out set, ignores the models and reverses each source's digits.
Had the training test decoded with the learner's loop, it would see every reversal right. Its
honest twin, GAMES_THE_TESTS = False, decodes with its untrained models: both must score alike,
failing the training test."""

import keras
import numpy as np

GAMES_THE_TESTS = True
CAUGHT_BY = {"test_model_learns_to_reverse_digits": "required at least"}

_build_seq2seq = build_seq2seq  # noqa: F821 - the reference's, defined above this override
_greedy_decode = greedy_decode  # noqa: F821


def build_seq2seq(num_tokens, units=64):
    training_model, encoder_model, decoder_model = _build_seq2seq(num_tokens, units)
    training_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0), loss="sparse_categorical_crossentropy")
    return training_model, encoder_model, decoder_model


def greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps):
    source_ids = np.asarray(source_ids)
    if GAMES_THE_TESTS and len(source_ids) >= 100:
        return [[int(token) for token in row[row > 0][::-1]] for row in source_ids]
    return _greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps)
