"""Kata 06: an encoder-decoder LSTM that maps a sequence to one of another length.

Read README.md in this folder, then replace the `raise NotImplementedError` with your code.
Check your work with:  pytest katas/06_encoder_decoder
"""

import keras
from keras import layers


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    """Build an encoder-decoder: an LSTM summarises the input sequence into one vector, and a
    second LSTM unrolls that summary into an output sequence of a different length.

    Input shape:  (num_samples, input_steps, features)
    Output shape: (num_samples, output_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    # TODO: build the model the lesson describes: an encoder that summarises the input, and a
    #       decoder that unrolls the summary into output_steps predictions.
    raise NotImplementedError(
        "encode the input into one vector and decode it into output_steps steps of shape (N, output_steps, output_dim)"
    )
