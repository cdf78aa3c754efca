"""Mistake for this kata's contract: a ConvLSTM2D in place of the encoder and the LSTM."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_tagger_is_one_forward_lstm_that_returns_its_sequence": "ConvLSTM"}


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    clips = keras.Input(shape=(frames, size, size, 1))
    maps = layers.ConvLSTM2D(filters, kernel_size=3, padding="same", return_sequences=True)(clips)
    features = layers.TimeDistributed(layers.Flatten())(maps)
    probabilities = layers.Dense(num_classes, activation="softmax")(features)
    model = keras.Model(clips, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
