"""Mistake: one Dense on the flattened clip makes every frame's features, so its weights grow
with the number of frames."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_parameter_count_is_one_shared_encoder_an_lstm_and_a_dense": "grow with the clip"}


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    clips = keras.Input(shape=(frames, size, size, 1))
    features = layers.Dense(frames * filters, activation="relu")(layers.Flatten()(clips))
    features = layers.Reshape((frames, filters))(features)
    sequence = layers.LSTM(units, return_sequences=True)(features)
    probabilities = layers.Dense(num_classes, activation="softmax")(sequence)
    model = keras.Model(clips, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
