"""Mistake: the noise comes from np.random's global generator, not from rng."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_the_same_seed_gives_the_same_clips": "global generator"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("clips = rng.normal(0.0, NOISE,", "clips = np.random.normal(0.0, NOISE,")]
