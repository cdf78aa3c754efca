"""The tests' own measures of the gradient that reaches each input step: finite differences on a
fixed float64 model, the norms by the lesson's own gradient tape, and a forget gate set open or
shut. What a kata concludes about the cells rests on these steps, never on the learner's function.
"""

from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from kata_checks.arrays import check_finite
from kata_checks.layers import recurrent_layers
from kata_checks.messages import call_text, fail, short_array


def fixed_model(time_steps: int, features: int, seed: int) -> keras.Model:
    """A small LSTM classifier in float64 with seeded weights: finite differences on it are
    exact enough to check a gradient to a thousandth."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(time_steps, features), dtype="float64")
    summary = layers.LSTM(6, dtype="float64")(inputs)
    probability = layers.Dense(1, activation="sigmoid", dtype="float64")(summary)
    # The same probability, as a new tensor: the backend keeps no logits beside it, so a loss
    # told from_logits=True really reads the probability as a logit, as it would elsewhere.
    return keras.Model(inputs, layers.Average(dtype="float64")([probability, probability]))


def losses_of(model: keras.Model, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each example's binary cross-entropy, in float64."""
    p = np.clip(np.asarray(model(x, training=False), dtype=np.float64), 1e-12, 1 - 1e-12)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))[:, 0]


def losses_from_logits(model: keras.Model, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The slip's losses: binary cross-entropy told from_logits=True, reading the probability as a logit."""
    z = np.asarray(model(x, training=False), dtype=np.float64)
    return (np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))[:, 0]


def finite_difference_norms(
    model: keras.Model, x: np.ndarray, y: np.ndarray, step: float = 1e-5, losses: Callable = losses_of
) -> np.ndarray:
    """The answer, computed without any gradient tape: nudge one input value of every example at
    once (each example's loss depends on its own inputs only), and measure each loss's slope."""
    gradients = np.zeros_like(x)
    for t in range(x.shape[1]):
        for f in range(x.shape[2]):
            up, down = x.copy(), x.copy()
            up[:, t, f] += step
            down[:, t, f] -= step
            gradients[:, t, f] = (losses(model, up, y) - losses(model, down, y)) / (2 * step)
    return np.linalg.norm(gradients, axis=-1).mean(axis=0)


def learners_norms(function: Callable, model: keras.Model, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, str]:
    """function(model, x, y), once it returns finite numbers."""
    call = call_text(function.__name__, "<model>", x, y)
    norms = function(model, x, y)
    if norms is None:
        fail(f"{call} returned None; expected an array of one norm per step. End with `return ...`.")
    try:
        norms = np.asarray(norms, dtype=np.float64)
    except (TypeError, ValueError):
        fail(
            f"{call} returned {type(norms).__name__}, which is not an array of numbers. If it holds one "
            "gradient per weight, the tape differentiated the weights: ask for the gradient with "
            "respect to the input x, and tape.watch(x) first."
        )
    return check_finite(norms, call, "norms"), call


def norms_by_the_lesson(model: keras.Model, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The norms of the lesson's Task 2, computed with the test's own gradient tape."""
    x, y = tf.convert_to_tensor(x), tf.convert_to_tensor(y)
    with tf.GradientTape() as tape:
        tape.watch(x)
        losses = keras.losses.binary_crossentropy(y, model(x, training=False))
    return np.linalg.norm(tape.gradient(losses, x).numpy(), axis=-1).mean(axis=0)


def first_to_last(model: keras.Model, call: str, seed: int, time_steps: int) -> tuple[float, np.ndarray]:
    """The gradient norm at step 0 as a share of the norm at the last step, on random data."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(128, time_steps, 1)).astype(np.float32)
    y = (x[:, :1, 0] > 0).astype(np.float32)
    norms = check_finite(norms_by_the_lesson(model, x, y), call, "gradient norms through time")
    if norms[-1] <= 0:
        fail(f"{call} gives no gradient at the last step: {short_array(norms)}. Does its output read the input?")
    return float(norms[0] / norms[-1]), norms


def with_forget_bias(model: keras.Model, value: float) -> keras.Model:
    """The model with every LSTM unit's forget-gate bias set to `value` (Keras orders an LSTM's
    biases input, forget, candidate, output)."""
    lstm = next(recurrent.layer for recurrent in recurrent_layers(model) if recurrent.is_lstm)
    weights = lstm.get_weights()
    units = lstm.cell.units
    weights[-1] = weights[-1].copy()
    weights[-1][units : 2 * units] = value
    lstm.set_weights(weights)
    return model
