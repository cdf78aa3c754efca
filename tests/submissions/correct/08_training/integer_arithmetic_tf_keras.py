"""Correct, written another way: integer arithmetic for the steps, tf.keras, and the optimizer
and callback built with keyword arguments in another order."""

import tensorflow as tf


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    kept = int(num_samples * (1.0 - validation_split) // 1)
    return -(-kept // batch_size)


def compile_for_training(model, learning_rate=1e-3, clipnorm=1.0):
    optimizer = tf.keras.optimizers.Adam(clipnorm=clipnorm, learning_rate=learning_rate)
    model.compile(loss=tf.keras.losses.MeanSquaredError(), optimizer=optimizer)
    return model


def train(model, x, y, batch_size=32, max_epochs=100, patience=5, validation_split=0.2):
    callbacks = [tf.keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=True, monitor="val_loss", mode="min")]
    history = model.fit(x=x, y=y, epochs=max_epochs, batch_size=batch_size, verbose=0, validation_split=validation_split, callbacks=callbacks)
    return history
