"""Mistake: a softmax over the frames axis, so each class sums to 1 across frames."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_tagger_gives_a_distribution_over_the_classes_at_every_frame": "over the frames axis"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'probabilities = layers.Dense(num_classes, activation="softmax")(sequence)',
        "probabilities = layers.Softmax(axis=1)(layers.Dense(num_classes)(sequence))",
    )
]
