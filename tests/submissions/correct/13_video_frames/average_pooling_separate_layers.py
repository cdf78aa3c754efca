"""Correct, written another way: the encoder's convolution and its activation as separate
layers, average pooling, each encoder layer wrapped in its own TimeDistributed inside the tagger
(the same shared weights as one wrapped encoder), and the optimizer as keras.optimizers.Adam."""

import keras
from keras import layers


def build_frame_encoder(size, filters=8):
    frame = keras.Input(shape=(size, size, 1))
    maps = layers.Activation("relu")(layers.Conv2D(filters, 3, padding="same")(frame))
    return keras.Model(frame, layers.Flatten()(layers.AveragePooling2D(2)(maps)))


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    clips = keras.Input(shape=(frames, size, size, 1))
    encoder = build_frame_encoder(size, filters)
    features = clips
    for layer in encoder.layers[1:]:
        features = layers.TimeDistributed(layer)(features)
    sequence = layers.LSTM(units, return_sequences=True)(features)
    model = keras.Model(clips, layers.Dense(num_classes, activation="softmax")(sequence))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="sparse_categorical_crossentropy")
    return model
