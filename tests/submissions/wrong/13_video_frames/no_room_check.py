"""Mistake: no ValueError when the frame is too small for the dot's journey."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_make_moving_dot_clips_rejects_sizes_with_value_error": "does not fit"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("    if size < frames:\n", "    if size < 1:\n")]
