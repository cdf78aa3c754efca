"""Correct, written another way: tf.keras Sequential, keras.ops for the tempered softmax, a
cumulative sum and one uniform draw from rng, a deque for the window, and predict()."""

import collections

import keras
import numpy as np
import tensorflow as tf


def char_vocabulary(text):
    if len(text) == 0:
        raise ValueError("cannot build a vocabulary from an empty text")
    chars = sorted({char for char in text})
    char_to_id = {}
    id_to_char = {}
    for index, char in enumerate(chars):
        char_to_id[char] = index
        id_to_char[index] = char
    return chars, char_to_id, id_to_char


def make_next_char_windows(ids, time_steps):
    ids = list(np.asarray(ids).ravel()) if np.ndim(ids) == 1 else None
    if ids is None or time_steps < 1 or len(ids) <= time_steps:
        raise ValueError("ids must be 1-D and longer than time_steps")
    x = np.array([ids[i : i + time_steps] for i in range(len(ids) - time_steps)], dtype=np.int64)
    y = np.array(ids[time_steps:], dtype=np.int64)
    return x, y


def build_char_model(vocab_size, time_steps, units=64):
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(time_steps,), dtype="int32"),
        tf.keras.layers.Embedding(vocab_size, 24),
        tf.keras.layers.LSTM(units),
        tf.keras.layers.Dense(vocab_size),
        tf.keras.layers.Activation("softmax"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001), loss=tf.keras.losses.SparseCategoricalCrossentropy())
    return model


def sample_next(probabilities, temperature, rng):
    if not temperature > 0:
        raise ValueError("the temperature must be positive")
    logits = keras.ops.log(keras.ops.convert_to_tensor(np.asarray(probabilities, dtype="float64") + 1e-12)) / temperature
    tempered = keras.ops.convert_to_numpy(keras.ops.softmax(logits))
    return min(int(np.searchsorted(np.cumsum(tempered), rng.random() * tempered.sum())), len(tempered) - 1)


def generate(model, seed_text, length, temperature, rng, char_to_id, id_to_char, time_steps):
    if len(seed_text) < time_steps:
        raise ValueError("the seed text is shorter than the window")
    if any(char not in char_to_id for char in seed_text):
        raise ValueError("the seed text has characters outside the vocabulary")
    window = collections.deque((char_to_id[c] for c in seed_text[-time_steps:]), maxlen=time_steps)
    out = ""
    while len(out) < length:
        probabilities = model.predict(np.array([list(window)]), verbose=0)[0]
        index = sample_next(probabilities, temperature, rng)
        out += id_to_char[index]
        window.append(index)
    return out
