"""Kata 13 reference solution: an LSTM over the frames of a video, with one convolutional
encoder shared by every frame."""

import keras
import numpy as np
from keras import layers

# A label per frame: the move that brought the dot into it. Rows count from the top of a frame.
DIRECTIONS = ("start", "up", "down", "left", "right")
MOVES = {1: (-1, 0), 2: (1, 0), 3: (0, -1), 4: (0, 1)}  # label -> (row step, column step)
NOISE = 0.05  # the standard deviation of the background's Gaussian noise


def make_moving_dot_clips(num_clips, frames, size, rng):
    """Make clips of one bright dot that moves one pixel per frame, and a label per frame.

    num_clips: how many clips, at least 1
    frames:    frames per clip, at least 2
    size:      the frames' height and width in pixels, at least `frames`
    rng:       a numpy Generator, the only source of randomness

    Returns (clips, labels):
        clips:  float32 (num_clips, frames, size, size, 1): Gaussian noise (standard deviation
                NOISE) everywhere, plus 1.0 on the dot's pixel
        labels: integers (num_clips, frames): 0 ("start") for the first frame, then the label
                in MOVES of the move from the frame before, the same for the whole clip

    Raises ValueError when num_clips < 1, frames < 2 or size < frames.
    """
    if num_clips < 1:
        raise ValueError(f"num_clips must be at least 1; got {num_clips}.")
    if frames < 2:
        raise ValueError(f"frames must be at least 2, so that the dot moves at least once; got {frames}.")
    if size < frames:
        raise ValueError(
            f"a dot that moves {frames - 1} pixels needs frames of at least {frames} pixels a side; got size={size}."
        )
    clips = rng.normal(0.0, NOISE, size=(num_clips, frames, size, size, 1)).astype(np.float32)
    directions = rng.integers(1, len(DIRECTIONS), size=num_clips)
    travel = frames - 1
    steps = np.arange(frames)
    for clip, direction in enumerate(directions):
        row_step, column_step = MOVES[int(direction)]
        # Start where the whole journey stays inside the frame: no wrap-around.
        row = rng.integers(travel if row_step < 0 else 0, size - (travel if row_step > 0 else 0))
        column = rng.integers(travel if column_step < 0 else 0, size - (travel if column_step > 0 else 0))
        clips[clip, steps, row + row_step * steps, column + column_step * steps, 0] += 1.0
    labels = np.repeat(directions[:, np.newaxis], frames, axis=1)
    labels[:, 0] = 0  # nothing moved into the first frame
    return clips, labels


def build_frame_encoder(size, filters=8):
    """Build a convolutional encoder from one frame to a vector of features.

    Input shape:  (num_frames, size, size, 1)
    Output shape: (num_frames, features)

    One 3x3 convolution of `filters` filters: 3*3*1*filters + filters parameters, whatever
    the size.
    """
    frame = keras.Input(shape=(size, size, 1))
    # The same 3x3 kernels slide over every position: a dot looks alike wherever it is.
    found = layers.Conv2D(filters, kernel_size=3, padding="same", activation="relu")(frame)
    # Pooling halves the width and height but keeps a coarse map of where the dot is;
    # Flatten then keeps that map, so the LSTM can compare positions across frames.
    found = layers.MaxPooling2D(pool_size=2)(found)
    features = layers.Flatten()(found)
    return keras.Model(frame, features, name="frame_encoder")


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    """Build a model that labels every frame of a clip from the frames up to it.

    Input shape:  (num_clips, frames, size, size, 1)
    Output shape: (num_clips, frames, num_classes), a probability distribution per frame

    Returns a model compiled with Adam and sparse categorical cross-entropy (integer labels).
    """
    clips = keras.Input(shape=(frames, size, size, 1))
    # TimeDistributed runs the one encoder, with one set of weights, on every frame.
    features = layers.TimeDistributed(build_frame_encoder(size, filters))(clips)
    # return_sequences=True keeps an output per frame; a forward LSTM has seen frames 0..t.
    sequence = layers.LSTM(units, return_sequences=True)(features)
    probabilities = layers.Dense(num_classes, activation="softmax")(sequence)
    model = keras.Model(clips, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
