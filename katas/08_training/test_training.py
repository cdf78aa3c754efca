"""Graded tests for kata 08: batches, a clipped Adam, and early stopping.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
The models here are tiny Dense models: what is tested is the training set-up, not the network.
"""

import math

import keras
import numpy as np
import pytest
from keras import layers

import kata_checks as check

# (num_samples, batch_size, validation_split)
# The last two tell floor from round, ceil or "all but the validation samples" (n - int(n * v)).
BATCH_CASES = [
    (100, 32, 0.0),
    (100, 32, 0.2),
    (64, 64, 0.0),
    (7, 10, 0.0),
    (1000, 64, 0.25),
    (1000, 32, 0.9),
    (10, 3, 0.3),
    (1000, 33, 0.9),
    (10, 7, 0.25),
]


def tiny_model(features=4, learning_rate=1e-3, run_eagerly=False):
    model = keras.Sequential([keras.Input(shape=(features,)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", run_eagerly=run_eagerly)
    return model


class BatchCounter(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def batches_lesson(num_samples, batch_size, validation_split, actual):
    """How fit counts its batches, worked out for these settings."""
    kept = math.floor(num_samples * (1 - validation_split))
    return (
        f"model.fit runs {actual} batches per epoch with these "
        f"settings. It trains on floor({num_samples} * (1 - {validation_split})) = {kept} samples, "
        f"in batches of {batch_size}, and a last partial batch counts: ceil({kept} / {batch_size}) = {actual}."
    )


def batches_fit_runs(model, num_samples, batch_size, validation_split):
    """Ask Keras itself: run one epoch and count the training batches."""
    counter = BatchCounter()
    x = np.zeros((num_samples, 4), dtype=np.float32)
    model.fit(
        x, x[:, :1], batch_size=batch_size, epochs=1, validation_split=validation_split, callbacks=[counter], verbose=0
    )
    return counter.batches


@pytest.mark.points(1)
@pytest.mark.parametrize("num_samples, batch_size, validation_split", BATCH_CASES, ids=check.case_ids(BATCH_CASES))
def test_steps_per_epoch_matches_what_fit_really_runs(kata, num_samples, batch_size, validation_split):
    call = check.call_text("steps_per_epoch", num_samples, batch_size, validation_split=validation_split)
    answer = kata.steps_per_epoch(num_samples, batch_size, validation_split)
    # Eager: counting a few batches of a one-layer model costs less than compiling its graph.
    actual = batches_fit_runs(tiny_model(run_eagerly=True), num_samples, batch_size, validation_split)
    if answer != actual:
        check.fail(f"{call} returned {answer!r}; " + batches_lesson(num_samples, batch_size, validation_split, actual))


@pytest.mark.points(1)
def test_steps_per_epoch_uses_no_validation_split_by_default(kata):
    answer = kata.steps_per_epoch(100, 32)
    if answer != 4:
        check.fail(
            f"steps_per_epoch(100, 32) returned {answer!r}; expected 4. With the default "
            "validation_split=0.0 all 100 samples train: batches of 32, 32, 32 and 4."
        )


def check_returns_the_model_it_was_given(returned, model, call):
    if returned is not model:
        check.fail(
            f"{call} returned {type(returned).__name__}; expected the model it was given. End with `return model`."
        )


def check_adam_settings(model, call, learning_rate, clipnorm):
    """Adam with this learning rate and clipnorm (each weight tensor's gradient clipped on its own)."""
    found_rate = float(np.asarray(model.optimizer.learning_rate))
    if not math.isclose(found_rate, learning_rate, rel_tol=1e-5):
        check.fail(
            f"{call} compiled Adam with learning_rate={found_rate:g}; expected {learning_rate:g}. "
            "Pass the learning_rate argument: keras.optimizers.Adam(learning_rate=learning_rate, ...)."
        )
    if model.optimizer.clipnorm is None or not math.isclose(model.optimizer.clipnorm, clipnorm):
        global_norm = getattr(model.optimizer, "global_clipnorm", None)
        check.fail(
            f"{call} compiled Adam with clipnorm={model.optimizer.clipnorm!r}; expected {clipnorm}. "
            + (
                f"It sets global_clipnorm={global_norm!r}, which clips all the gradients together; "
                "this task asks for clipnorm, which clips each weight's gradient on its own."
                if global_norm is not None
                else "Pass clipnorm=clipnorm to Adam: it rescales each weight's gradient whose norm is larger."
            )
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("learning_rate, clipnorm", [(1e-3, 1.0), (0.01, 0.5)])
def test_compile_for_training_uses_a_clipped_adam_and_mean_squared_error(kata, learning_rate, clipnorm):
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
    call = check.call_text("compile_for_training", "<model>", learning_rate=learning_rate, clipnorm=clipnorm)
    returned = kata.compile_for_training(model, learning_rate=learning_rate, clipnorm=clipnorm)
    check_returns_the_model_it_was_given(returned, model, call)
    check.check_compiled_with_adam(model, call)
    check_adam_settings(model, call, learning_rate, clipnorm)


@pytest.mark.points(1)
def test_compile_for_training_defaults_to_a_learning_rate_of_0_001_and_clipnorm_1(kata):
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
    kata.compile_for_training(model)
    found = (float(np.asarray(model.optimizer.learning_rate)), model.optimizer.clipnorm)
    if not (math.isclose(found[0], 1e-3, rel_tol=1e-5) and found[1] == 1.0):
        check.fail(
            f"compile_for_training(<model>) compiled Adam with learning_rate={found[0]:g}, clipnorm={found[1]!r}; "
            "expected the defaults learning_rate=0.001 and clipnorm=1.0."
        )


def noisy_line(rng, count=200, features=4):
    """y = x . w + noise: a tiny model reaches the noise floor fast, and then the validation
    loss can only wobble, a plateau for early stopping to find."""
    x = rng.normal(size=(count, features)).astype(np.float32)
    y = x @ rng.normal(size=(features, 1)) + rng.normal(scale=0.5, size=(count, 1))
    return x, y.astype(np.float32)


def fit_batches(samples, batch_size, validation_split):
    """The batches fit runs per epoch: the samples it keeps, in batches, the last partial one too."""
    return math.ceil(math.floor(samples * (1 - validation_split)) / batch_size)


def check_trained_for_real(history, model, before, call, steps):
    """Training happened, as the model itself shows: its optimizer's step count, weights that
    moved, and a History that tells the same number of epochs. Return the epochs it ran.

    A History is only what train() hands back, so it proves nothing alone."""
    if not isinstance(history, keras.callbacks.History):
        check.fail(f"{call} returned {type(history).__name__}; expected the History that model.fit returns.")
    taken = int(np.asarray(model.optimizer.iterations))
    moved = any(not np.array_equal(old, new) for old, new in zip(before, model.get_weights(), strict=False))
    if taken == 0 or not moved:
        check.fail(
            f"{call} left the model untrained: its optimizer took {taken} steps and its weights "
            f"{'moved' if moved else 'did not move'}. Train it with model.fit(...) on x and y, and return the "
            "History that fit returns; a History made any other way is not training."
        )
    reported = len(history.history.get("loss", []))
    if reported and taken % reported == 0 and taken // reported != steps:
        check.fail(
            f"{call} ran {taken // reported} batches per epoch; with these settings fit runs {steps}. "
            "Pass batch_size and validation_split to fit."
        )
    if taken != reported * steps:
        check.fail(
            f"{call} returned a History of {reported} epochs, but the model's optimizer took {taken} steps, "
            f"{taken / steps:g} epochs of {steps} batches with these settings. Return the History of the fit "
            "that trained this model, with batch_size and validation_split passed to it."
        )
    return reported


def check_fit_settings(history, call, max_epochs, epochs, printed):
    """What fit ran with: all the epochs asked for, a validation loss, and nothing printed."""
    if epochs != max_epochs:
        check.fail(f"{call} trained for {epochs} epochs; expected epochs=max_epochs={max_epochs}.")
    if "val_loss" not in history.history:
        check.fail(f"{call} recorded {sorted(history.history)}; expected a val_loss too. Pass validation_split to fit.")
    if history.params.get("verbose") != 0 or printed.strip():
        check.fail(f"{call} printed while training; expected a silent fit: verbose=0.")


def check_stops_patience_epochs_after_the_best(history, call, max_epochs, patience):
    """Return the validation losses and the best epoch's index, once training stopped in time."""
    val_losses = history.history.get("val_loss", [])
    if not val_losses:
        check.fail(f"{call} returned no val_loss history; return what model.fit returns, with validation_split.")
    check.check_finite(val_losses, call, "val_loss per epoch")
    best = int(np.argmin(val_losses))
    if len(val_losses) == max_epochs:
        check.fail(
            f"{call} ran all {max_epochs} epochs although val_loss was best at epoch {best + 1}. Add "
            f'keras.callbacks.EarlyStopping(monitor="val_loss", patience={patience}, restore_best_weights=True).'
        )
    if len(val_losses) != best + patience + 1:
        check.fail(
            f"{call} stopped after {len(val_losses)} epochs; val_loss was best at epoch {best + 1}, so with "
            f'patience={patience} it should stop after epoch {best + patience + 1}. Monitor "val_loss" '
            "and pass patience=patience."
        )
    return val_losses, best


def validation_loss(model, validation):
    """The mean squared error on the validation part, evaluated here, not read from a History."""
    x, y = validation
    return float(np.mean((check.model_outputs(model, x, "the model", "the validation part")[0] - y) ** 2))


def check_keeps_the_best_weights(model, call, validation, best_loss, untrained_loss):
    left_with = validation_loss(model, validation)
    if not left_with < untrained_loss:
        check.fail(
            f"{call} left the model with a validation loss of {left_with:.5f}, no better than the "
            f"{untrained_loss:.5f} it had before training: it did not learn. Train the model passed in."
        )
    if not math.isclose(left_with, best_loss, rel_tol=1e-3):
        check.fail(
            f"{call} left the model with a validation loss of {left_with:.5f}; the best epoch had "
            f"{best_loss:.5f}. Pass restore_best_weights=True to EarlyStopping, or the model "
            "keeps the weights of its last, worse epoch."
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("batch_size", [16, 40])
def test_train_fits_silently_with_the_settings_passed_in(kata, kata_seed, batch_size, capsys):
    x, y = noisy_line(np.random.default_rng(kata_seed))
    model = tiny_model(learning_rate=0.05)
    call = check.call_text(
        "train", "<model>", x, y, batch_size=batch_size, max_epochs=3, patience=5, validation_split=0.25
    )
    before = model.get_weights()
    history = kata.train(model, x, y, batch_size=batch_size, max_epochs=3, patience=5, validation_split=0.25)
    printed = capsys.readouterr().out
    epochs = check_trained_for_real(history, model, before, call, fit_batches(len(x), batch_size, 0.25))
    check_fit_settings(history, call, 3, epochs, printed)


@pytest.mark.points(4)
@pytest.mark.training
@pytest.mark.parametrize("patience", [2, 4])
def test_train_stops_early_on_a_plateau_and_keeps_the_best_weights(kata, kata_seed, patience):
    """A tiny model on a noisy line: the validation loss stops improving within a few dozen
    epochs. Training must stop `patience` epochs after the best one, and leave its weights."""
    x, y = noisy_line(np.random.default_rng(kata_seed))
    model = tiny_model(learning_rate=0.05)
    call = check.call_text("train", "<model>", x, y, max_epochs=100, patience=patience, validation_split=0.2)
    split = math.floor(len(x) * 0.8)  # fit's validation_split holds out the last 20%
    validation = (x[split:], y[split:])
    before, untrained_loss = model.get_weights(), validation_loss(model, validation)
    history = kata.train(model, x, y, batch_size=32, max_epochs=100, patience=patience, validation_split=0.2)
    check_trained_for_real(history, model, before, call, fit_batches(len(x), 32, 0.2))
    val_losses, best = check_stops_patience_epochs_after_the_best(history, call, 100, patience)
    check_keeps_the_best_weights(model, call, validation, val_losses[best], untrained_loss)
