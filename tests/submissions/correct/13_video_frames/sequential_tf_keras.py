"""Correct, written another way: tf.keras, a Sequential encoder with valid padding and no pooling,
a Sequential tagger whose last Dense sits in TimeDistributed, then an Activation('softmax'),
and Adam() with SparseCategoricalCrossentropy() objects. The generator writes the dot frame by
frame in a loop and returns int32 labels."""

import numpy as np
import tensorflow as tf

DIRECTIONS = ("start", "up", "down", "left", "right")
MOVES = {1: (-1, 0), 2: (1, 0), 3: (0, -1), 4: (0, 1)}
NOISE = 0.05


def make_moving_dot_clips(num_clips, frames, size, rng):
    if num_clips < 1 or frames < 2 or size < frames:
        raise ValueError(f"need num_clips >= 1, frames >= 2 and size >= frames; got {num_clips}, {frames}, {size}.")
    clips = np.empty((num_clips, frames, size, size, 1), dtype=np.float32)
    clips[...] = rng.normal(0.0, NOISE, size=clips.shape)
    labels = np.zeros((num_clips, frames), dtype=np.int32)
    for clip in range(num_clips):
        direction = int(rng.integers(1, 5))
        dr, dc = MOVES[direction]
        rows = [r for r in range(size) if 0 <= r + dr * (frames - 1) < size]
        columns = [c for c in range(size) if 0 <= c + dc * (frames - 1) < size]
        row, column = rows[rng.integers(len(rows))], columns[rng.integers(len(columns))]
        for frame in range(frames):
            clips[clip, frame, row, column, 0] += 1.0
            if frame:
                labels[clip, frame] = direction
            row, column = row + dr, column + dc
    return clips, labels


def build_frame_encoder(size, filters=8):
    return tf.keras.Sequential(
        [
            tf.keras.Input(shape=(size, size, 1)),
            tf.keras.layers.Conv2D(filters, (3, 3), activation="relu"),
            tf.keras.layers.Flatten(),
        ]
    )


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    model = tf.keras.Sequential(
        [
            tf.keras.Input(shape=(frames, size, size, 1)),
            tf.keras.layers.TimeDistributed(build_frame_encoder(size, filters)),
            tf.keras.layers.LSTM(units, return_sequences=True),
            tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(num_classes)),
            tf.keras.layers.Activation("softmax"),
        ]
    )
    model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.SparseCategoricalCrossentropy())
    return model
