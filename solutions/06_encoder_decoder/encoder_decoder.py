"""Kata 06 reference solution: an encoder-decoder LSTM that maps a sequence to one of another length."""

import keras
from keras import layers


def build_encoder_decoder(input_steps, output_steps, features, units=64, output_dim=1):
    """Build an encoder-decoder: an LSTM summarises the input sequence into one vector, and a
    second LSTM unrolls that summary into an output sequence of a different length.

    Input shape:  (num_samples, input_steps, features)
    Output shape: (num_samples, output_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    inputs = keras.Input(shape=(input_steps, features))
    # The encoder keeps only its final state: one vector that summarises the whole input.
    summary = layers.LSTM(units)(inputs)
    # RepeatVector feeds that summary to the decoder at each of the output_steps steps.
    repeated = layers.RepeatVector(output_steps)(summary)
    decoded = layers.LSTM(units, return_sequences=True)(repeated)
    outputs = layers.TimeDistributed(layers.Dense(output_dim))(decoded)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model
