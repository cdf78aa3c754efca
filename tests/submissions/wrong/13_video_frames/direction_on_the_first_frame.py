"""Mistake: the first frame gets the clip's direction too, though nothing moved into it."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_labels_name_the_move_into_each_frame": "label it 0"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("labels[:, 0] = 0  # nothing moved into the first frame", "")]
