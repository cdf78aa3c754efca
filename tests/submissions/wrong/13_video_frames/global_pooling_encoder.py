"""Mistake: GlobalMaxPooling2D after the convolution: one value per filter, and where the dot is
is gone."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {
    "test_frame_encoder_keeps_where_the_dot_is": "forgets where the dot is",
    "test_tagger_learns_which_way_the_dot_moves": "GlobalMaxPooling2D keeps one value per filter",
}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        "    found = layers.MaxPooling2D(pool_size=2)(found)\n    features = layers.Flatten()(found)",
        "    features = layers.GlobalMaxPooling2D()(found)",
    )
]
