"""Mistake: up as a row step of +1, as if rows counted from the bottom of a frame."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_labels_name_the_move_into_each_frame": "up and down are swapped"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("MOVES = {1: (-1, 0), 2: (1, 0),", "MOVES = {1: (1, 0), 2: (-1, 0),")]
