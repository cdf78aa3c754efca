"""Graded tests for kata 12: one-to-many generation on the Zen of Python, one character at a time.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the vocabulary, the windows, the model, sampling (checked as
statistics over many draws), generation on a model with known weights, and last, training on
the Zen of Python.
"""

import ast
import codecs
import importlib.util

import keras
import numpy as np
import pytest
from keras import layers

import kata_checks as check


def zen_of_python():
    """The Zen of Python, read from the standard library's `this` module without importing it
    (importing it prints the text): its string `s`, rot13-decoded."""
    source = open(importlib.util.find_spec("this").origin, encoding="utf-8").read()
    encoded = next(
        ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "s"
    )
    return codecs.decode(encoded, "rot13")


ZEN = zen_of_python()


# --------------------------------------------------------------------------- the tests' own data
# The expected values, and the data the training test trains and scores on, come from these
# lines, never from your functions: a verdict must rest only on data the test controls.


def vocabulary_of(text):
    """The sorted distinct characters, and each character's id, its position among them."""
    chars = sorted(set(text))
    return chars, {char: index for index, char in enumerate(chars)}


def next_char_windows(ids, time_steps):
    """Every run of `time_steps` ids, and the id after it."""
    ids = np.asarray(ids, dtype=np.int32)
    return np.stack([ids[i : i + time_steps] for i in range(len(ids) - time_steps)]), ids[time_steps:]


# --------------------------------------------------------------------------- the vocabulary


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "text", ["hello world", "Beautiful is better than ugly.\n", "aaa"], ids=["hello", "zen line", "one char"]
)
def test_char_vocabulary_is_sorted_and_its_mappings_agree(kata, text):
    call = check.call_text("char_vocabulary", text)
    result = kata.char_vocabulary(text)
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        check.fail(f"{call} returned {check.describe_value(result)}; expected (chars, char_to_id, id_to_char).")
    chars, char_to_id, id_to_char = result
    expected, expected_ids = vocabulary_of(text)
    if list(chars) != expected:
        likely = (
            " They are in order of first appearance: sort them, so that the same text always gives the same ids."
            if sorted(chars) == expected
            else ""
        )
        check.fail(
            f"{call} returned chars {list(chars)!r}; expected {expected!r}, the distinct characters sorted.{likely}"
        )
    if dict(char_to_id) != expected_ids:
        check.fail(
            f"{call} returned char_to_id {dict(char_to_id)!r}; expected each character mapped to its position in chars."
        )
    if {int(key): value for key, value in dict(id_to_char).items()} != dict(enumerate(expected)):
        check.fail(f"{call} returned id_to_char {dict(id_to_char)!r}; expected each id mapped back to its character.")


@pytest.mark.points(1)
def test_char_vocabulary_rejects_an_empty_text(kata):
    check.check_raises_value_error(kata.char_vocabulary, "char_vocabulary('')", "an empty text has no characters", "")


# --------------------------------------------------------------------------- the windows


@pytest.mark.points(2)
@pytest.mark.parametrize("length, time_steps", [(10, 3), (6, 5), (30, 10)])
def test_next_char_windows_pair_each_run_with_the_id_that_follows(kata, length, time_steps):
    ids = np.arange(100, 100 + length)
    call = check.call_text("make_next_char_windows", ids, time_steps)
    x, y = (np.asarray(part) for part in check.returned_pair(kata.make_next_char_windows(ids, time_steps), call))
    expected_x, expected_y = next_char_windows(ids, time_steps)
    if x.shape != expected_x.shape or y.shape != expected_y.shape:
        check.fail(
            f"{call} returned x {x.shape} and y {y.shape}; expected x {expected_x.shape} and y {expected_y.shape}: "
            "every run of time_steps ids that has an id after it."
        )
    if not (np.array_equal(x, expected_x) and np.array_equal(y, expected_y)):
        check.fail(
            f"{call} returned for window 0 {x[0].tolist()} -> {y[0]!r}; expected {expected_x[0].tolist()} -> "
            f"{expected_y[0]}, the id right after the window."
        )
    if not (np.issubdtype(x.dtype, np.integer) and np.issubdtype(y.dtype, np.integer)):
        check.fail(f"{call} returned dtypes {x.dtype} and {y.dtype}; expected integer ids.")


BAD_WINDOWS = [
    (np.arange(10), 0, "time_steps must be at least 1"),
    (np.arange(5), 5, "5 ids leave no id to predict after 5 steps"),
    (np.arange(3), 6, "3 ids are fewer than 6 steps"),
    (np.ones((4, 3), dtype=int), 2, "ids must be 1-D"),
]


@pytest.mark.points(1)
@pytest.mark.parametrize("ids, time_steps, why", BAD_WINDOWS, ids=[why for *_, why in BAD_WINDOWS])
def test_next_char_windows_reject_arguments_that_leave_no_window(kata, ids, time_steps, why):
    call = check.call_text("make_next_char_windows", ids, time_steps)
    check.check_raises_value_error(kata.make_next_char_windows, call, why, ids, time_steps)


# --------------------------------------------------------------------------- the model


@pytest.mark.points(2)
@pytest.mark.parametrize("vocab_size, time_steps, units", [(45, 20, 64), (7, 5, 8)], ids=["45-20-64", "7-5-8"])
def test_char_model_gives_a_distribution_over_the_vocabulary(kata, kata_seed, vocab_size, time_steps, units):
    model, call = check.build(
        kata.build_char_model,
        input_hint='keras.Input(shape=(time_steps,), dtype="int32")',
        vocab_size=vocab_size,
        time_steps=time_steps,
        units=units,
    )
    ids = np.random.default_rng(kata_seed).integers(0, vocab_size, (3, time_steps)).astype(np.int32)
    (probabilities,) = check.model_outputs(model, ids, call, "3 windows of ids")
    if probabilities.shape != (3, vocab_size):
        check.fail(
            f"{call} returned shape {probabilities.shape} for 3 windows; expected (3, {vocab_size}): one distribution "
            "over the vocabulary per window. The LSTM hands on its last output only, then Dense(vocab_size)."
        )
    if not np.allclose(probabilities.sum(axis=-1), 1.0, atol=1e-4) or probabilities.min() < 0:
        check.fail(f'{call} gives outputs that do not sum to 1: end in Dense(vocab_size, activation="softmax").')
    check.check_lstm_stack(model, call, [units])
    masking = [layer for layer in check.embedding_layers(model) if layer.mask_zero]
    if masking:
        check.fail(
            f"{call} built an Embedding with mask_zero=True. Here id 0 is a real character, the first in "
            "sorted order (the newline in the Zen of Python), not padding: the mask makes the LSTM skip it. "
            "No window is padded, so leave mask_zero out."
        )
    check.check_compiled_with_adam(model, call, check.TOKEN_LOSS)


# --------------------------------------------------------------------------- sampling

PROBABILITIES = np.array([0.4, 0.3, 0.2, 0.1])
DRAWS = 1500
# A count this many standard deviations from its expectation happens with probability below
# 4e-8 per id; over 4 ids and 3 temperatures, a correct sampler fails less than once in a million.
DEVIATIONS = 5.5


def expected_distribution(temperature):
    weights = PROBABILITIES ** (1 / temperature)
    return weights / weights.sum()


def draws(kata, temperature, seed, count=DRAWS):
    rng = np.random.default_rng(seed)
    return np.array([int(kata.sample_next(PROBABILITIES, temperature, rng)) for _ in range(count)])


@pytest.mark.seeded
@pytest.mark.points(3)
@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_sample_next_draws_from_the_tempered_distribution(kata, kata_seed, temperature):
    call = check.call_text("sample_next", PROBABILITIES, temperature, "rng")
    ids = draws(kata, temperature, kata_seed)
    if ids.min() < 0 or ids.max() >= len(PROBABILITIES):
        check.fail(f"{call} returned ids from {ids.min()} to {ids.max()}; expected ids 0 to {len(PROBABILITIES) - 1}.")
    counts = np.bincount(ids, minlength=len(PROBABILITIES))
    expected = DRAWS * expected_distribution(temperature)
    spread = np.sqrt(DRAWS * expected_distribution(temperature) * (1 - expected_distribution(temperature)))
    if np.all(np.abs(counts - expected) <= DEVIATIONS * spread + 1):
        return
    likely = ""
    if counts[0] == DRAWS:
        likely = "It always returns the most likely id: draw at random, with rng.choice(len(p), p=p)."
    elif np.all(np.abs(counts - DRAWS * PROBABILITIES) <= DEVIATIONS * np.sqrt(DRAWS * PROBABILITIES) + 1):
        likely = (
            "It draws from the probabilities as they are: divide the log-probabilities by the temperature "
            "and take the softmax. Dividing the probabilities themselves changes nothing once they are normalised."
        )
    check.fail(
        f"{DRAWS} draws of {call} came out {counts.tolist()}; expected about "
        f"{np.round(expected).astype(int).tolist()}, "
        f"from softmax(log(p) / {temperature}) = {np.round(expected_distribution(temperature), 3).tolist()}. {likely}"
    )


@pytest.mark.points(2)
def test_sample_next_draws_only_from_the_rng_it_is_given(kata, kata_seed):
    """The same seed gives the same draws, and another seed others: the text can be reproduced."""
    first, again, other = (
        draws(kata, 1.0, kata_seed, 50),
        draws(kata, 1.0, kata_seed, 50),
        draws(kata, 1.0, kata_seed + 1, 50),
    )
    if not np.array_equal(first, again):
        check.fail(
            "Two runs of sample_next with generators seeded alike drew different ids: it draws from somewhere else, "
            "such as np.random's global generator. Draw with the rng argument: rng.choice(...)."
        )
    if np.array_equal(first, other):
        check.fail("sample_next drew the same 50 ids from generators seeded differently: draw with the rng argument.")


@pytest.mark.points(2)
@pytest.mark.parametrize("temperature", [0.001, 1e-5])
def test_sample_next_at_a_low_temperature_draws_the_likeliest_id(kata, kata_seed, temperature):
    """Near 0, the tempered distribution puts all its weight on the likeliest id; computed
    naively, every exp(log(p) / temperature) underflows to 0, and 0 / 0 is NaN."""
    call = check.call_text("sample_next", PROBABILITIES, temperature, "rng")
    rng = np.random.default_rng(kata_seed)
    try:
        ids = [int(kata.sample_next(PROBABILITIES, temperature, rng)) for _ in range(20)]
    except Exception as error:  # noqa: BLE001 - the underflow shows as an error from numpy
        check.fail(
            f"{call} raised {type(error).__name__}: {str(error)[:200]}. At temperature {temperature}, "
            f"log(p) / temperature is about {np.log(PROBABILITIES[0]) / temperature:.3g}, and its exp underflows to "
            "0 for every id, so the weights divide 0 by 0. Subtract the largest log-probability before np.exp: "
            "the likeliest id then gets exp(0) = 1."
        )
    if set(ids) != {0}:
        check.fail(f"20 draws of {call} gave ids {sorted(set(ids))}; expected only 0, the likeliest id.")


@pytest.mark.points(1)
@pytest.mark.parametrize("temperature", [0, -1.0])
def test_sample_next_rejects_a_temperature_that_is_not_positive(kata, temperature):
    call = check.call_text("sample_next", PROBABILITIES, temperature, "rng")
    check.check_raises_value_error(
        kata.sample_next, call, "a temperature must be above 0", PROBABILITIES, temperature, np.random.default_rng(0)
    )


# --------------------------------------------------------------------------- generation

ALPHABET = "abcdefgh"


def letters_model(time_steps, votes):
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


def next_letter_model(time_steps):
    """Whatever the window, its next character is, almost surely, the one after the window's
    last character in ALPHABET (h wraps to a)."""
    return letters_model(time_steps, [(1, 1, 30.0)])


def generated(kata, model, seed_text, length, temperature, time_steps, seed):
    char_to_id = {char: index for index, char in enumerate(ALPHABET)}
    id_to_char = dict(enumerate(ALPHABET))
    call = check.call_text(
        "generate", "<model>", seed_text, length, temperature, "rng", "char_to_id", "id_to_char", time_steps
    )
    text = kata.generate(
        model, seed_text, length, temperature, np.random.default_rng(seed), char_to_id, id_to_char, time_steps
    )
    if not isinstance(text, str):
        check.fail(f"{call} returned {type(text).__name__}; expected a string of {length} new characters.")
    return text, call


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "seed_text, time_steps", [("abc", 3), ("hgfedcba", 4)], ids=["seed as long as the window", "longer seed"]
)
def test_generate_feeds_each_character_back_through_a_sliding_window(kata, kata_seed, seed_text, time_steps):
    model = next_letter_model(time_steps)
    text, call = generated(kata, model, seed_text, 10, 0.5, time_steps, kata_seed)
    start = ALPHABET.index(seed_text[-1])
    expected = "".join(ALPHABET[(start + step) % len(ALPHABET)] for step in range(1, 11))
    if text == expected:
        return
    likely = ""
    if len(text) != 10:
        likely = f"It returned {len(text)} characters: return the {10} new ones, without the seed."
    elif text[0] != expected[0]:
        likely = (
            "Its first character does not follow the seed's last: the window must end with the seed's last characters."
        )
    elif len(set(text)) == 1:
        likely = (
            "It repeats one character: append each new id to the window and drop the oldest, so the model reads it."
        )
    check.fail(
        f"{call} returned {text!r}; expected {expected!r} from a model whose next letter follows the last one. {likely}"
    )


def voting_model(time_steps):
    """A real choice to make: the window's last character votes for the letter after it, the one
    before for the letter two after it. Every step then has several likely letters, so what is
    drawn depends on the temperature, the rng, and the two last ids of a window that slides."""
    return letters_model(time_steps, [(1, 1, 2.0), (2, 2, 1.5)])


def generation_by_the_lesson(model, seed_text, length, time_steps, pick, slide=True):
    """What generate must return: the test slides the window and asks the model itself, and
    `pick` draws each id from the probabilities (your sample_next with the rng, as the lesson's
    loop does, or a known slip)."""
    window = [ALPHABET.index(char) for char in seed_text[-time_steps:]]
    text = ""
    for _ in range(length):
        (probabilities,) = check.model_outputs(
            model, np.array([window], dtype=np.int32), "the test's model", "a window"
        )
        next_id = int(pick(probabilities[0]))
        text += ALPHABET[next_id]
        window = window[1:] + [next_id] if slide else window[:-1] + [next_id]
    return text


# Generate's known slips, as data: how each picks an id (given your sample_next, the temperature
# and a fresh copy of the rng), whether its window slides, and the sentence that names it. A text
# that matches none of them drew from another generator than rng.
GENERATION_MISTAKES = [
    (
        "It always takes the likeliest character: draw each one with sample_next(probabilities, temperature, rng).",
        lambda sample_next, temperature, rng: lambda p: np.argmax(p),
        True,
    ),
    (
        "It ignores its temperature: pass it on to sample_next.",
        lambda sample_next, temperature, rng: lambda p: sample_next(p, 1.0, rng),
        True,
    ),
    (
        "Its window does not slide: append the new id and drop the oldest (window[1:] + [new_id]), rather than "
        "overwrite the last id.",
        lambda sample_next, temperature, rng: lambda p: sample_next(p, temperature, rng),
        False,
    ),
]
OTHER_GENERATOR = (
    "It draws from another generator than rng (a new one each step, or np.random's): pass rng itself to "
    "sample_next, so that the same seed gives the same text."
)


@pytest.mark.points(3)
@pytest.mark.parametrize("temperature", [0.7, 1.6])
def test_generate_draws_each_character_with_sample_next_and_rng(kata, kata_seed, temperature):
    time_steps, length, seed_text = 4, 24, "abcd"
    model = voting_model(time_steps)
    text, call = generated(kata, model, seed_text, length, temperature, time_steps, kata_seed)
    rng = np.random.default_rng(kata_seed)
    expected = generation_by_the_lesson(
        model, seed_text, length, time_steps, lambda p: kata.sample_next(p, temperature, rng)
    )
    if text == expected:
        return
    likely = ""
    if len(text) == length:
        likely = next(
            (
                sentence
                for sentence, pick, slide in GENERATION_MISTAKES
                if text
                == generation_by_the_lesson(
                    model,
                    seed_text,
                    length,
                    time_steps,
                    pick(kata.sample_next, temperature, np.random.default_rng(kata_seed)),
                    slide,
                )
            ),
            OTHER_GENERATOR,
        )
    check.fail(
        f"{call} returned {text!r}; expected {expected!r}, which the lesson's loop draws with your sample_next "
        f"from the same seed. {likely}"
    )


@pytest.mark.points(1)
def test_generate_rejects_a_seed_shorter_than_the_window(kata):
    model = next_letter_model(4)
    call = check.call_text("generate", "<model>", "ab", 5, 1.0, "rng", "char_to_id", "id_to_char", 4)
    check.check_raises_value_error(
        kata.generate,
        call,
        "the seed must fill the window of time_steps characters",
        model,
        "ab",
        5,
        1.0,
        np.random.default_rng(0),
        {c: i for i, c in enumerate(ALPHABET)},
        dict(enumerate(ALPHABET)),
        4,
    )


# --------------------------------------------------------------------------- training

TIME_STEPS, EPOCHS = 10, 40
ACCURACY = check.pass_bar(__file__, "accuracy")
# Training loss below which the accuracy is worth checking (a pass over the text each time).
# The accuracy is measured on the text the model trains on, so training stops at the bar.
STOP_LOSS = 2.4


def corpus_baselines(y, x):
    """Next-character accuracy of counting: the commonest character, and the likeliest one
    after the window's last character (both fitted on the text itself)."""
    commonest = np.bincount(y).max() / len(y)
    pairs = {}
    for last, following in zip(x[:, -1], y, strict=False):
        pairs.setdefault(int(last), []).append(int(following))
    bigram = sum(np.bincount(after).max() for after in pairs.values()) / len(y)
    return {"the commonest character": float(commonest), "the likeliest after the last character": float(bigram)}


@pytest.mark.points(5)
@pytest.mark.training
def test_model_learns_the_zen_of_python(kata, kata_seed):
    """Task: the Zen of Python, as windows of 10 characters and the character after each, cut
    by the test itself. Your model's next-character accuracy on the text must reach kata.toml's
    accuracy: above what the last character alone predicts."""
    keras.utils.set_random_seed(kata_seed)
    chars, char_to_id = vocabulary_of(ZEN)
    x, y = next_char_windows([char_to_id[char] for char in ZEN], TIME_STEPS)
    model, call = check.build(kata.build_char_model, vocab_size=len(chars), time_steps=TIME_STEPS)

    def accuracy(trained):
        (probabilities,) = check.model_outputs(trained, x, call, "the Zen of Python's windows")
        return float(np.mean(np.argmax(probabilities, axis=-1) == y))

    losses = check.train(
        model,
        call,
        "the Zen of Python",
        (x, y),
        EPOCHS,
        32,
        lambda trained, logs: logs.get("loss", np.inf) < STOP_LOSS and accuracy(trained) >= ACCURACY,
    )
    score, baselines = accuracy(model), corpus_baselines(y, x)
    check.record_training(losses, score, ACCURACY, baselines)
    if score >= ACCURACY:
        return
    check.fail(
        f"{call} predicts the next character of the Zen of Python right {score:.1%} of the time after "
        f"{len(losses)} epochs (seed {kata_seed}); required at least {ACCURACY:.0%}.\n"
        "Simple baselines: " + "; ".join(f"{name} {value:.1%}" for name, value in baselines.items()) + ".\n"
        f"Training loss per epoch: {check.sparkline(losses)}"
    )
