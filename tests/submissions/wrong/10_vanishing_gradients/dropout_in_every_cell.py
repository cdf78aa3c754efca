"""Mistake: dropout in every cell, which the kata never asks for: its gradients would be measured on
cells that zero their inputs at random while training."""

import keras
from keras import layers

CAUGHT_BY = {"test_model_uses_the_recurrent_layer_that_cell_names": "Dropout zeroes inputs"}


def build_recurrent_classifier(cell, time_steps, features, units=32):
    if cell not in RECURRENT_LAYERS:  # noqa: F821 - the reference's, defined above this override
        raise ValueError(f"cell must be one of {sorted(RECURRENT_LAYERS)}; got {cell!r}.")  # noqa: F821
    inputs = keras.Input(shape=(time_steps, features))
    recurrent = RECURRENT_LAYERS[cell](units, dropout=0.2)  # noqa: F821
    model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(recurrent(inputs)))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
