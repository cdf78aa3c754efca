"""Kata 12: one-to-many generation on the Zen of Python, one character at a time.

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/12_generation
"""

import keras
import numpy as np
from keras import layers


def char_vocabulary(text):
    """The characters of `text`, sorted, and the two mappings between them and their ids.

    Returns (chars, char_to_id, id_to_char): chars is a sorted list of the distinct characters;
    char_to_id maps each to its position in chars, and id_to_char maps back.
    Raises ValueError for an empty text.
    """
    # TODO: raise ValueError with a sentence for an empty text.
    # TODO: the sorted characters and the two mappings.
    raise NotImplementedError("return (chars, char_to_id, id_to_char)")


def make_next_char_windows(ids, time_steps):
    """Every run of `time_steps` ids, paired with the id that follows it.

    Returns (x, y), int32: x of shape (len(ids) - time_steps, time_steps), y of shape
    (len(ids) - time_steps,), with x[i] == ids[i:i + time_steps] and y[i] == ids[i + time_steps].
    Raises ValueError when ids is not 1-D, time_steps < 1, or there is no id left to predict.
    """
    # TODO: check the arguments; raise ValueError with a sentence when they are bad.
    # TODO: pair every run of time_steps ids with the id that follows it.
    raise NotImplementedError("return x of shape (N, time_steps) and y of shape (N,)")


def build_char_model(vocab_size, time_steps, units=64):
    """An LSTM that reads `time_steps` character ids and gives the next one's probabilities.

    Input shape:  (num_samples, time_steps) integer ids
    Output shape: (num_samples, vocab_size), a softmax over the vocabulary

    Returns a model compiled with Adam and sparse categorical cross-entropy.
    """
    # TODO: build the model the lesson describes: a window of ids in, a distribution over the next character out.
    raise NotImplementedError("build a model outputting shape (N, vocab_size)")


def sample_next(probabilities, temperature, rng):
    """Draw the next id from `probabilities` sharpened or flattened by `temperature`.

    The distribution drawn from is softmax(log(probabilities) / temperature): below 1 it favours
    the likely ids, above 1 it evens them out, and 1 leaves it as it is.
    rng: a numpy Generator; every draw comes from it, so the same seed gives the same text.
    Raises ValueError when temperature <= 0.
    """
    # TODO: raise ValueError with a sentence when the temperature is not above 0.
    # TODO: temper the distribution as the lesson describes, then draw with rng.
    raise NotImplementedError("return one id drawn from the tempered distribution")


def generate(model, seed_text, length, temperature, rng, char_to_id, id_to_char, time_steps):
    """`length` new characters after `seed_text`, each drawn from the model's prediction for the
    last `time_steps` characters, the seed included, and fed back in.

    Raises ValueError when the seed is shorter than time_steps or holds a character the
    vocabulary lacks.
    """
    # TODO: check the seed; raise ValueError with a sentence when it cannot fill the window.
    # TODO: draw each character, feed it back, and keep the window at time_steps characters.
    raise NotImplementedError("return length new characters")
