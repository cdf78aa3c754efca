"""Mistake: rng.normal(NOISE, size=...), whose first argument is the mean: noise of standard
deviation 1 that drowns the dot."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_each_frame_holds_one_dot_on_a_quiet_background": "standard deviation 0.05"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("clips = rng.normal(0.0, NOISE, size=", "clips = rng.normal(NOISE, size=")]
