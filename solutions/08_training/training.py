"""Kata 08 reference solution: the training choices that make LSTMs converge."""

import math

import keras


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    """The number of training batches model.fit runs per epoch with these settings.

    Keras keeps floor(num_samples * (1 - validation_split)) samples for training (the last
    part of the data is held out for validation) and cuts them into batches of batch_size;
    the last batch may be smaller.
    """
    training_samples = math.floor(num_samples * (1.0 - validation_split))
    # A last, partial batch still counts as a step.
    return math.ceil(training_samples / batch_size)


def compile_for_training(model, learning_rate=1e-3, clipnorm=1.0):
    """Compile `model` with Adam(learning_rate, clipnorm) and mean squared error; return it."""
    # clipnorm rescales each weight's gradient whose norm exceeds it: one bad batch cannot blow
    # up an LSTM. (global_clipnorm would scale all of them together, keeping their direction.)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm),
        loss="mse",
    )
    return model


def train(model, x, y, batch_size=32, max_epochs=100, patience=5, validation_split=0.2):
    """Fit `model` silently with early stopping on the validation loss; return the History.

    Training stops once val_loss has not improved for `patience` epochs, and the model is left
    with the weights of its best epoch.
    """
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    return model.fit(
        x,
        y,
        batch_size=batch_size,
        epochs=max_epochs,
        validation_split=validation_split,
        callbacks=[early_stopping],
        verbose=0,
    )
