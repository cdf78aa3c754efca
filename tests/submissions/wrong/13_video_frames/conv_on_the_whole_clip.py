"""Mistake: the encoder called on the clip itself, without TimeDistributed: a Conv2D reads one frame."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_tagger_gives_a_distribution_over_the_classes_at_every_frame": "wrap the frame encoder in TimeDistributed"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("layers.TimeDistributed(build_frame_encoder(size, filters))(clips)", "build_frame_encoder(size, filters)(clips)")]
