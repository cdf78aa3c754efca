"""Kata 05: a bidirectional LSTM that tags every time step.

Read README.md in this folder, then replace the `raise NotImplementedError` with your code.
Check your work with:  pytest katas/05_bidirectional
"""

import keras
from keras import layers


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    """Build a bidirectional LSTM that emits one prediction per time step, using the whole
    sequence, before and after that step.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, time_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    # TODO: build the model the lesson describes: at every step, a prediction that reads the
    #       steps before it and the steps after it.
    raise NotImplementedError(
        "build a tagger whose every step reads both ways, output shape (N, time_steps, output_dim)"
    )
