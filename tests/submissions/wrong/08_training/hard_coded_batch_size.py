"""Mistake: fit with batch_size=32 whatever batch_size is asked for."""

import math

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_train_fits_silently_with_the_settings_passed_in': 'Pass batch_size and validation_split to fit'}


def train(model, x, y, batch_size=32, max_epochs=100, patience=5, validation_split=0.2):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    return model.fit(x, y, batch_size=32, epochs=max_epochs, validation_split=validation_split, callbacks=[stop], verbose=0)
