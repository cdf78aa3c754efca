"""Kata 10: SimpleRNN, GRU and LSTM side by side, and how much gradient reaches each input step.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/10_vanishing_gradients
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


def build_recurrent_classifier(cell, time_steps, features, units=32):
    """Build a binary classifier: one recurrent layer of the kind `cell` names, then one
    sigmoid unit.

    cell: "simple_rnn", "gru" or "lstm"

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, 1), a probability between 0 and 1

    Returns a model compiled with Adam and binary cross-entropy.
    Raises ValueError for any other cell.
    """
    # TODO: raise ValueError with a sentence for a cell that is not one of the three.
    # TODO: build the classifier the lesson describes, with the recurrent layer that cell names.
    raise NotImplementedError("build one recurrent layer of the kind cell names, then one probability of shape (N, 1)")


def gradient_norms_through_time(model, x, y):
    """How much each input step moves the loss: for every step t, the norm of the gradient of
    each example's binary cross-entropy with respect to its input at step t, averaged over the
    examples.

    model: a model with one sigmoid output, input shape (num_samples, time_steps, features)
    x:     (num_samples, time_steps, features)
    y:     (num_samples, 1) labels, 0 or 1

    Returns a float array of shape (time_steps,).
    """
    # TODO: differentiate each example's loss with respect to the input, not the weights.
    # TODO: reduce the gradient to one number per step, as the lesson describes.
    raise NotImplementedError("return one gradient norm per input step, shape (time_steps,)")
