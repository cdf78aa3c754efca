"""Mistake: the Embedding masks id 0, which here is a real character (the newline), not padding."""

CAUGHT_BY = {"test_char_model_gives_a_distribution_over_the_vocabulary": "mask_zero=True"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'vectors = layers.Embedding(vocab_size, 16)(inputs)',
        'vectors = layers.Embedding(vocab_size, 16, mask_zero=True)(inputs)',
    ),
]
