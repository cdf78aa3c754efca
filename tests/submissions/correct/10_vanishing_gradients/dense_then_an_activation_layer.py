"""Correct, written another way: Dense(1) followed by Activation("sigmoid"), which is one sigmoid
unit as well."""

import keras
from keras import layers


def build_recurrent_classifier(cell, time_steps, features, units=32):
    if cell not in RECURRENT_LAYERS:  # noqa: F821 - the reference's, defined above this override
        raise ValueError(f"cell must be one of {sorted(RECURRENT_LAYERS)}; got {cell!r}.")  # noqa: F821
    inputs = keras.Input(shape=(time_steps, features))
    summary = RECURRENT_LAYERS[cell](units)(inputs)  # noqa: F821
    probability = layers.Activation("sigmoid")(layers.Dense(1)(summary))
    model = keras.Model(inputs, probability)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
