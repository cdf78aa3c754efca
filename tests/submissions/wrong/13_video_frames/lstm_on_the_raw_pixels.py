"""Mistake: an LSTM on each frame's raw pixels, with no convolution."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_parameter_count_is_one_shared_encoder_an_lstm_and_a_dense": "3*3*1*8 + 8"}


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    clips = keras.Input(shape=(frames, size, size, 1))
    pixels = layers.TimeDistributed(layers.Flatten())(clips)
    sequence = layers.LSTM(units, return_sequences=True)(pixels)
    probabilities = layers.Dense(num_classes, activation="softmax")(sequence)
    model = keras.Model(clips, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
