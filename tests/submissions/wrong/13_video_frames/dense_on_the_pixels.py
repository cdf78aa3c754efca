"""Mistake: a Dense layer on the frame's pixels as the encoder, whose weights grow with the frame."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_frame_encoder_has_one_3x3_convolution_whatever_the_frame_size": "grows with the frame"}


def build_frame_encoder(size, filters=8):
    frame = keras.Input(shape=(size, size, 1))
    features = layers.Dense(filters, activation="relu")(layers.Flatten()(frame))
    return keras.Model(frame, features)
