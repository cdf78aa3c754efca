"""Kata 13: an LSTM over the frames of a video, with one convolutional encoder shared by every frame.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/13_video_frames
"""

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
    # TODO: check the arguments and raise ValueError with a sentence.
    # TODO: draw each clip's direction and a start that keeps the dot inside for every frame.
    raise NotImplementedError("make clips of a dot moving one pixel per frame, and a label per frame")


def build_frame_encoder(size, filters=8):
    """Build a convolutional encoder from one frame to a vector of features.

    Input shape:  (num_frames, size, size, 1)
    Output shape: (num_frames, features)

    One 3x3 convolution of `filters` filters: 3*3*1*filters + filters parameters, whatever
    the size.
    """
    # TODO: build the encoder the lesson describes: it must keep where the dot is.
    raise NotImplementedError("turn one frame into one feature vector with a shared 3x3 convolution")


def build_video_tagger(frames, size, num_classes, filters=8, units=32):
    """Build a model that labels every frame of a clip from the frames up to it.

    Input shape:  (num_clips, frames, size, size, 1)
    Output shape: (num_clips, frames, num_classes), a probability distribution per frame

    Returns a model compiled with Adam and sparse categorical cross-entropy (integer labels).
    """
    # TODO: run your encoder on every frame with the same weights, then an LSTM, then a label per frame.
    raise NotImplementedError("encode every frame, read the frames in order, and label each one")
