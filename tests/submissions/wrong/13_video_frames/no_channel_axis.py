"""Mistake: clips of shape (num_clips, frames, size, size), without the channel axis a Conv2D reads."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_each_frame_holds_one_dot_on_a_quiet_background": "channel axis"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("    return clips, labels\n", "    return clips[..., 0], labels\n")]
