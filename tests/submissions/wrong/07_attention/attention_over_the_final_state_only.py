"""Mistake: attention over the encoder's last state alone, not over every step."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_attends_over_every_encoder_step': 'every encoder output'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'context = layers.Attention()([queries, encoded])',
        'context = layers.Attention()([queries, layers.Reshape((1, units))(state_h)])',
    ),
]
