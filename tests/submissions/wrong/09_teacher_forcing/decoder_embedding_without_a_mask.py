"""Mistake: only the source's Embedding masks padding; the decoder's reads it as tokens, so the padded
target steps count in the loss."""

CAUGHT_BY = {"test_padded_decoder_steps_count_nothing_in_the_loss": "mask_zero=True"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'target_embedding = layers.Embedding(num_tokens, units, mask_zero=True)',
        'target_embedding = layers.Embedding(num_tokens, units)',
    ),
]
