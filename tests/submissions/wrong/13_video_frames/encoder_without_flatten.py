"""Mistake: the encoder hands on its feature maps, (size/2, size/2, filters) per frame, not one vector."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_frame_encoder_turns_a_frame_into_one_feature_vector": "Flatten the convolution's feature maps"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("    features = layers.Flatten()(found)\n", "    features = found\n")]
