"""Mistake: AdditiveAttention (Bahdanau) instead of the dot-product Attention the kata asks for."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_attends_over_every_encoder_step': 'AdditiveAttention'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'context = layers.Attention()([queries, encoded])',
        'context = layers.AdditiveAttention()([queries, encoded])',
    ),
]
