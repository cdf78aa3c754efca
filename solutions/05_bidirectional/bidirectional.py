"""Kata 05 reference solution: a bidirectional LSTM that tags every time step."""

import keras
from keras import layers


def build_bidirectional_tagger(time_steps, features, units=32, output_dim=1):
    """Build a bidirectional LSTM that emits one prediction per time step, using the whole
    sequence, before and after that step.

    Input shape:  (num_samples, time_steps, features)
    Output shape: (num_samples, time_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    inputs = keras.Input(shape=(time_steps, features))
    # One LSTM reads forwards, a copy reads backwards; at each step their outputs are
    # concatenated (merge_mode="concat", the default), giving 2 * units values.
    both_ways = layers.Bidirectional(layers.LSTM(units, return_sequences=True))(inputs)
    tags = layers.TimeDistributed(layers.Dense(output_dim))(both_ways)
    model = keras.Model(inputs, tags)
    model.compile(optimizer="adam", loss="mse")
    return model
