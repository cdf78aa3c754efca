"""Mistake: categorical_crossentropy, which wants one-hot labels, for integer labels."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_tagger_is_compiled_with_adam_for_integer_labels": "sparse categorical cross-entropy"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [('loss="sparse_categorical_crossentropy", metrics', 'loss="categorical_crossentropy", metrics')]
