"""The tests' own steps for character generation: the Zen of Python, its vocabulary and windows,
stand-in models with known weights that read their window, generation by the lesson's loop, and
what counting alone predicts. A verdict on a learner's generator rests on these steps.
"""

from __future__ import annotations

import ast
import codecs
import importlib.util
from collections.abc import Callable, Sequence

import keras
import numpy as np
from keras import layers

from kata_checks.messages import call_text, fail
from kata_checks.models import model_outputs
from kata_checks.training import HeldOutScore

# The stand-in models' alphabet: their ids are the letters' positions.
ALPHABET = "abcdefgh"


def zen_of_python() -> str:
    """The Zen of Python, read from the standard library's `this` module without importing it
    (importing it prints the text): its string `s`, rot13-decoded."""
    with open(importlib.util.find_spec("this").origin, encoding="utf-8") as module:
        source = module.read()
    encoded = next(
        ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "s"
    )
    return codecs.decode(encoded, "rot13")


def vocabulary_of(text: str) -> tuple[list[str], dict[str, int]]:
    """The sorted distinct characters, and each character's id, its position among them."""
    chars = sorted(set(text))
    return chars, {char: index for index, char in enumerate(chars)}


def next_char_windows(ids: Sequence[int] | np.ndarray, time_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Every run of `time_steps` ids, and the id after it."""
    ids = np.asarray(ids, dtype=np.int32)
    return np.stack([ids[i : i + time_steps] for i in range(len(ids) - time_steps)]), ids[time_steps:]


def letters_model(time_steps: int, votes: list[tuple[int, int, float]]) -> keras.Model:
    """A model with known weights that reads its window: the character `back` steps from the
    window's end adds `weight` to the letter `ahead` places after it, for each (back, ahead,
    weight) in `votes`; a softmax over ALPHABET then gives the next letter."""
    size = len(ALPHABET)
    ids = keras.Input(shape=(time_steps,), dtype="int32")
    one_hot = layers.Embedding(size, size)
    reads = layers.Dense(size, activation="softmax")
    model = keras.Model(ids, reads(layers.Flatten()(one_hot(ids))))
    one_hot.set_weights([np.eye(size)])
    kernel = np.zeros((time_steps * size, size))
    letters = np.arange(size)
    for back, ahead, weight in votes:
        kernel[(time_steps - back) * size + letters, (letters + ahead) % size] = weight
    reads.set_weights([kernel, np.zeros(size)])
    return model


def next_letter_model(time_steps: int) -> keras.Model:
    """Whatever the window, its next character is, almost surely, the one after the window's
    last character in ALPHABET (h wraps to a)."""
    return letters_model(time_steps, [(1, 1, 30.0)])


def voting_model(time_steps: int) -> keras.Model:
    """A real choice to make: the window's last character votes for the letter after it, the one
    before for the letter two after it. Every step then has several likely letters, so what is
    drawn depends on the temperature, the rng, and the two last ids of a window that slides."""
    return letters_model(time_steps, [(1, 1, 2.0), (2, 2, 1.5)])


def generation_by_the_lesson(
    model: keras.Model, seed_text: str, length: int, time_steps: int, pick: Callable, slide: bool = True
) -> str:
    """What generate must return: the test slides the window and asks the model itself, and
    `pick` draws each id from the probabilities (the learner's sample_next with the rng, as the
    lesson's loop does, or a known slip)."""
    window = [ALPHABET.index(char) for char in seed_text[-time_steps:]]
    text = ""
    for _ in range(length):
        (probabilities,) = model_outputs(model, np.array([window], dtype=np.int32), "the test's model", "a window")
        next_id = int(pick(probabilities[0]))
        text += ALPHABET[next_id]
        window = window[1:] + [next_id] if slide else window[:-1] + [next_id]
    return text


def generate_arguments(
    model: keras.Model, seed_text: str, length: int, temperature: float, rng: np.random.Generator, time_steps: int
) -> tuple:
    """generate's arguments, in order, over ALPHABET."""
    char_to_id = {char: index for index, char in enumerate(ALPHABET)}
    return model, seed_text, length, temperature, rng, char_to_id, dict(enumerate(ALPHABET)), time_steps


def generated(
    generate: Callable, model: keras.Model, seed_text: str, length: int, temperature: float, time_steps: int, seed: int
) -> tuple[str, str]:
    """The learner's generate(...) over ALPHABET with a generator seeded `seed`, once it returns text."""
    char_to_id = {char: index for index, char in enumerate(ALPHABET)}
    id_to_char = dict(enumerate(ALPHABET))
    call = call_text(
        generate.__name__, "<model>", seed_text, length, temperature, "rng", "char_to_id", "id_to_char", time_steps
    )
    text = generate(
        model, seed_text, length, temperature, np.random.default_rng(seed), char_to_id, id_to_char, time_steps
    )
    if not isinstance(text, str):
        fail(f"{call} returned {type(text).__name__}; expected a string of {length} new characters.")
    return text, call


def next_character_accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray, call: str) -> float:
    """The share of windows whose likeliest next id is the one that follows them."""
    (probabilities,) = model_outputs(model, x, call, "the Zen of Python's windows")
    return float(np.mean(np.argmax(probabilities, axis=-1) == y))


def next_character_score(model: keras.Model, x: np.ndarray, y: np.ndarray, call: str, bar: float) -> HeldOutScore:
    """The model's next-character accuracy on the Zen of Python, beside what counting alone gets."""
    score, baselines = next_character_accuracy(model, x, y, call), corpus_baselines(y, x)
    return HeldOutScore(
        score,
        bar,
        baselines,
        [
            f"It predicts the next character of the Zen of Python right {score:.1%} of the time; required at "
            f"least {bar:.0%}.",
            "Simple baselines: " + "; ".join(f"{name} {value:.1%}" for name, value in baselines.items()) + ".",
        ],
    )


def corpus_baselines(y: np.ndarray, x: np.ndarray) -> dict[str, float]:
    """Next-character accuracy of counting: the commonest character, and the likeliest one
    after the window's last character (both fitted on the text itself)."""
    commonest = np.bincount(y).max() / len(y)
    pairs = {}
    for last, following in zip(x[:, -1], y, strict=True):
        pairs.setdefault(int(last), []).append(int(following))
    bigram = sum(np.bincount(after).max() for after in pairs.values()) / len(y)
    return {"the commonest character": float(commonest), "the likeliest after the last character": float(bigram)}
