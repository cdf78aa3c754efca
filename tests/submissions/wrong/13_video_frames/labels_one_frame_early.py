"""Mistake: each frame labelled with the move out of it, so the labels come one frame early."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_labels_name_the_move_into_each_frame": "one frame early"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("labels[:, 0] = 0  # nothing moved into the first frame", "labels[:, -1] = 0")]
