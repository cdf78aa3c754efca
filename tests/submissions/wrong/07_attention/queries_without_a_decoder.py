"""Mistake: the repeated summary is the query, so every output step asks the same question."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_attends_over_every_encoder_step': 'expected 2: LSTM', 'test_attention_looks_at_the_tagged_inputs': 'every output step has the same weights'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'queries = layers.LSTM(units, return_sequences=True)(repeated, initial_state=[state_h, state_c])',
        'queries = repeated',
    ),
]
