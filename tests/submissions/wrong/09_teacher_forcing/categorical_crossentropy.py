"""Mistake: categorical cross-entropy, which wants one-hot targets, on integer token ids."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_training_model_is_compiled_with_adam_and_sparse_categorical_crossentropy': 'one-hot'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'training_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
        'training_model.compile(optimizer="adam", loss="categorical_crossentropy")',
    ),
]
