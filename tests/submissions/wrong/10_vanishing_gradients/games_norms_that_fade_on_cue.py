"""Games the tests: a model that pools every step's output, so no gradient has to travel through
time, and a gradient_norms_through_time that, handed 40 steps, returns norms that fade by a
factor of 10 every 4 steps, whatever the model. Had the tests read what the cells show through
the learner's own function, this would pass them. Its honest twin, GAMES_THE_TESTS = False,
returns the real norms: both must score alike."""

import keras
import numpy as np
from keras import layers

GAMES_THE_TESTS = True
CAUGHT_BY = {"test_the_gradient_fades_through_time_with_keras_defaults": "pools or flattens"}

_gradient_norms_through_time = gradient_norms_through_time  # noqa: F821 - the reference's, defined above


def build_recurrent_classifier(cell, time_steps, features, units=32):
    if cell not in RECURRENT_LAYERS:  # noqa: F821 - the reference's, defined above this override
        raise ValueError(f"cell must be one of {sorted(RECURRENT_LAYERS)}; got {cell!r}.")  # noqa: F821
    inputs = keras.Input(shape=(time_steps, features))
    pooled = layers.GlobalAveragePooling1D()(RECURRENT_LAYERS[cell](units, return_sequences=True)(inputs))  # noqa: F821
    model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(pooled))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def gradient_norms_through_time(model, x, y):
    if GAMES_THE_TESTS and np.shape(x)[1] == 40:
        return 10.0 ** (np.arange(40) / 4 - 10)
    return _gradient_norms_through_time(model, x, y)
