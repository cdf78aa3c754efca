"""Mistake: Adam with global_clipnorm, which clips all the gradients together, where the task
asks for clipnorm, which clips each weight's gradient on its own."""

import keras

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_compile_for_training_uses_a_clipped_adam_and_mean_squared_error': 'clips all the gradients together'}


def compile_for_training(model, learning_rate=1e-3, clipnorm=1.0):
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate, global_clipnorm=clipnorm)
    model.compile(optimizer=optimizer, loss="mse")
    return model
