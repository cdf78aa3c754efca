"""Mistake: the training model's decoder starts from zeros, not from the encoder's states."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_the_decoder_starts_from_the_encoders_states': 'initial_state=[h, c]'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'decoded, _, _ = decoder(target_embedding(target_in), initial_state=[h, c])',
        'decoded, _, _ = decoder(target_embedding(target_in))',
    ),
]
