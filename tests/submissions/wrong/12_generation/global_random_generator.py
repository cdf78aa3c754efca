"""Mistake: sampling with np.random's global generator instead of rng, so no run can be repeated."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_sample_next_draws_only_from_the_rng_it_is_given': 'global generator'}


def char_vocabulary(text):
    """The characters of `text`, sorted, and the two mappings between them and their ids.

    Returns (chars, char_to_id, id_to_char): chars is a sorted list of the distinct characters;
    char_to_id maps each to its position in chars, and id_to_char maps back.
    Raises ValueError for an empty text.
    """
    if not text:
        raise ValueError("the text is empty, so it has no characters to learn.")
    # Sorted, so that the same text always gives the same ids, whatever order it was read in.
    chars = sorted(set(text))
    char_to_id = {char: index for index, char in enumerate(chars)}
    id_to_char = dict(enumerate(chars))
    return chars, char_to_id, id_to_char


def make_next_char_windows(ids, time_steps):
    """Every run of `time_steps` ids, paired with the id that follows it.

    Returns (x, y), int32: x of shape (len(ids) - time_steps, time_steps), y of shape
    (len(ids) - time_steps,), with x[i] == ids[i:i + time_steps] and y[i] == ids[i + time_steps].
    Raises ValueError when ids is not 1-D, time_steps < 1, or there is no id left to predict.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(f"ids must be 1-D; got shape {ids.shape}.")
    if time_steps < 1:
        raise ValueError(f"time_steps must be at least 1; got {time_steps}.")
    if len(ids) <= time_steps:
        raise ValueError(f"{len(ids)} ids leave nothing to predict after {time_steps} steps.")
    spans = np.lib.stride_tricks.sliding_window_view(ids, time_steps + 1).astype(np.int32)
    return spans[:, :-1].copy(), spans[:, -1].copy()


def build_char_model(vocab_size, time_steps, units=64):
    """An LSTM that reads `time_steps` character ids and gives the next one's probabilities.

    Input shape:  (num_samples, time_steps) integer ids
    Output shape: (num_samples, vocab_size), a softmax over the vocabulary

    Returns a model compiled with Adam and sparse categorical cross-entropy.
    """
    inputs = keras.Input(shape=(time_steps,), dtype="int32")
    vectors = layers.Embedding(vocab_size, 16)(inputs)
    summary = layers.LSTM(units)(vectors)
    probabilities = layers.Dense(vocab_size, activation="softmax")(summary)
    model = keras.Model(inputs, probabilities)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def sample_next(probabilities, temperature, rng):
    """Draw the next id from `probabilities` sharpened or flattened by `temperature`.

    The distribution drawn from is softmax(log(probabilities) / temperature): below 1 it favours
    the likely ids, above 1 it evens them out, and 1 leaves it as it is.
    rng: a numpy Generator; every draw comes from it, so the same seed gives the same text.
    Raises ValueError when temperature <= 0.
    """
    if temperature <= 0:
        raise ValueError(f"temperature must be above 0; got {temperature}.")
    logits = np.log(np.maximum(np.asarray(probabilities, dtype=np.float64), 1e-12)) / temperature
    # Temperature scales log-probabilities; subtracting the maximum keeps exp() finite.
    weights = np.exp(logits - logits.max())
    return int(np.random.choice(len(weights), p=weights / weights.sum()))


def generate(model, seed_text, length, temperature, rng, char_to_id, id_to_char, time_steps):
    """`length` new characters after `seed_text`, each drawn from the model's prediction for the
    last `time_steps` characters, the seed included, and fed back in.

    Raises ValueError when the seed is shorter than time_steps or holds a character the
    vocabulary lacks.
    """
    if len(seed_text) < time_steps:
        raise ValueError(f"the seed needs at least {time_steps} characters; got {len(seed_text)}.")
    unknown = sorted(set(seed_text) - set(char_to_id))
    if unknown:
        raise ValueError(f"the seed holds characters the vocabulary lacks: {unknown}.")
    window = [char_to_id[char] for char in seed_text[-time_steps:]]
    generated = []
    for _ in range(length):
        probabilities = np.asarray(model(np.array([window], dtype=np.int32), training=False))[0]
        next_id = sample_next(probabilities, temperature, rng)
        generated.append(id_to_char[next_id])
        # Slide: drop the oldest id, keep the window at time_steps.
        window = window[1:] + [next_id]
    return "".join(generated)
