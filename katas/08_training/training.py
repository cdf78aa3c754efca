"""Kata 08: the training choices that make LSTMs converge.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/08_training
"""

import math

import keras


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    """The number of training batches model.fit runs per epoch with these settings.

    Keras keeps floor(num_samples * (1 - validation_split)) samples for training (the last
    part of the data is held out for validation) and cuts them into batches of batch_size;
    the last batch may be smaller.
    """
    # TODO: count the training samples, then the batches, counting a last partial batch.
    raise NotImplementedError("return how many batches fit() runs per epoch")


def compile_for_training(model, learning_rate=1e-3, clipnorm=1.0):
    """Compile `model` with Adam(learning_rate, clipnorm) and mean squared error; return it."""
    # TODO: compile with the clipped Adam the lesson describes, then return the same model.
    raise NotImplementedError("compile the model with a clipped Adam and mean squared error")


def train(model, x, y, batch_size=32, max_epochs=100, patience=5, validation_split=0.2):
    """Fit `model` silently with early stopping on the validation loss; return the History.

    Training stops once val_loss has not improved for `patience` epochs, and the model is left
    with the weights of its best epoch.
    """
    # TODO: fit silently, stopping once the validation loss stops improving for `patience`
    #       epochs and keeping the best epoch's weights. Return what fit returns.
    raise NotImplementedError("fit with early stopping on val_loss and return the History")
