"""Mistake: EarlyStopping on the training loss instead of val_loss."""

import math

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_train_stops_early_on_a_plateau_and_keeps_the_best_weights': 'Monitor "val_loss"'}


def train(model, x, y, batch_size=32, max_epochs=100, patience=5, validation_split=0.2):
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=patience, restore_best_weights=True)
    return model.fit(x, y, batch_size=batch_size, epochs=max_epochs, validation_split=validation_split, callbacks=[stop], verbose=0)
