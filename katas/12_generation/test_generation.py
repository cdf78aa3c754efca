"""Graded tests for kata 12: one-to-many generation on the Zen of Python, one character at a time.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the vocabulary, the windows, the model, sampling (checked as
statistics over many draws), generation on a model with known weights, and last, training on
the Zen of Python. The expected values, and the data the training test trains and scores on, come
from the tests' own steps (kata_checks/generation.py), never from your functions.
"""

import keras
import numpy as np
import pytest

import kata_checks as check

ZEN = check.zen_of_python()


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
    expected, expected_ids = check.vocabulary_of(text)
    check.check_result(
        list(chars),
        expected,
        call,
        {
            "They are in order of first appearance: sort them, so that the same text always gives the same "
            "ids.": lambda got: sorted(got) == expected
        },
        shown=lambda chars: f"chars {chars!r}",
        lesson=", the distinct characters sorted",
    )
    check.check_result(
        (dict(char_to_id), {int(key): value for key, value in dict(id_to_char).items()}),
        (expected_ids, dict(enumerate(expected))),
        call,
        shown=lambda maps: "char_to_id {!r} and id_to_char {!r}".format(*maps),
        lesson=", each character mapped to its position in chars, and each id back to its character",
    )


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
    expected_x, expected_y = check.next_char_windows(ids, time_steps)
    if x.shape != expected_x.shape or y.shape != expected_y.shape:
        check.fail(
            f"{call} returned x {x.shape} and y {y.shape}; expected x {expected_x.shape} and y {expected_y.shape}: "
            "every run of time_steps ids that has an id after it."
        )
    check.check_result(
        (x[0].tolist(), int(y[0])),
        (expected_x[0].tolist(), int(expected_y[0])),
        f"{call}, for window 0,",
        shown=lambda window: "{} -> {}".format(*window),
        lesson=", the id right after the window",
        equal=lambda *_: np.array_equal(x, expected_x) and np.array_equal(y, expected_y),
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
    check.check_distributions(
        probabilities,
        (3, vocab_size),
        call,
        "3 windows",
        "one distribution over the vocabulary per window. The LSTM hands on its last output only, then "
        "Dense(vocab_size).",
        softmax_lesson='End in Dense(vocab_size, activation="softmax").',
    )
    check.check_lstm_stack(model, call, [units])
    if any(layer.mask_zero for layer in check.embedding_layers(model)):
        check.fail(
            f"{call} built an Embedding with mask_zero=True. Here id 0 is a real character, the first in "
            "sorted order (the newline in the Zen of Python), not padding: the mask makes the LSTM skip it. "
            "No window is padded, so leave mask_zero out."
        )
    check.check_compiled_with_adam(model, call, check.TOKEN_LOSS)


# --------------------------------------------------------------------------- sampling

PROBABILITIES, DRAWS = check.PROBABILITIES, check.DRAWS

# What the plausible mistakes of sample_next draw, as counts over DRAWS draws.
WRONG_SAMPLERS = {
    "It always returns the most likely id: draw at random, with rng.choice(len(p), p=p).": (
        lambda counts: counts[0] == DRAWS
    ),
    "It draws from the probabilities as they are: divide the log-probabilities by the temperature and take "
    "the softmax. Dividing the probabilities themselves changes nothing once they are normalised.": (
        lambda counts: check.within_chance(counts, PROBABILITIES)
    ),
}


@pytest.mark.seeded
@pytest.mark.points(3)
@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_sample_next_draws_from_the_tempered_distribution(kata, kata_seed, temperature):
    check.check_tempered_draws(kata.sample_next, temperature, kata_seed, WRONG_SAMPLERS)


@pytest.mark.points(2)
def test_sample_next_draws_only_from_the_rng_it_is_given(kata, kata_seed):
    """The same seed gives the same draws, and another seed others: the text can be reproduced."""
    check.check_draws_only_from_the_rng(kata.sample_next, kata_seed)


@pytest.mark.points(2)
@pytest.mark.parametrize("temperature", [0.001, 1e-5])
def test_sample_next_at_a_low_temperature_draws_the_likeliest_id(kata, kata_seed, temperature):
    """Near 0, the tempered distribution puts all its weight on the likeliest id; computed
    naively, every exp(log(p) / temperature) underflows to 0, and 0 / 0 is NaN."""
    check.check_draws_the_likeliest_near_zero(kata.sample_next, temperature, kata_seed)


@pytest.mark.points(1)
@pytest.mark.parametrize("temperature", [0, -1.0])
def test_sample_next_rejects_a_temperature_that_is_not_positive(kata, temperature):
    call = check.call_text("sample_next", PROBABILITIES, temperature, "rng")
    check.check_raises_value_error(
        kata.sample_next, call, "a temperature must be above 0", PROBABILITIES, temperature, np.random.default_rng(0)
    )


# --------------------------------------------------------------------------- generation


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "seed_text, time_steps", [("abc", 3), ("hgfedcba", 4)], ids=["seed as long as the window", "longer seed"]
)
def test_generate_feeds_each_character_back_through_a_sliding_window(kata, kata_seed, seed_text, time_steps):
    model = check.next_letter_model(time_steps)
    text, call = check.generated(kata.generate, model, seed_text, 10, 0.5, time_steps, kata_seed)
    start = check.ALPHABET.index(seed_text[-1])
    expected = "".join(check.ALPHABET[(start + step) % len(check.ALPHABET)] for step in range(1, 11))
    check.check_result(
        text,
        expected,
        call,
        {
            f"It returned {len(text)} characters: return the 10 new ones, without the seed.": (
                lambda got: len(got) != 10
            ),
            "Its first character does not follow the seed's last: the window must end with the seed's last "
            "characters.": lambda got: got[0] != expected[0],
            "It repeats one character: append each new id to the window and drop the oldest, so the model reads "
            "it.": lambda got: len(set(got)) == 1,
        },
        lesson=" from a model whose next letter follows the last one",
    )


# Generate's known slips, as data: how each picks an id (given your sample_next, the temperature
# and a fresh copy of the rng), whether its window slides, and the sentence that names it. A text
# that matches none of them drew from another generator than rng.
GENERATION_MISTAKES = {
    "It always takes the likeliest character: draw each one with sample_next(probabilities, temperature, rng).": (
        lambda sample_next, temperature, rng: np.argmax,
        True,
    ),
    "It ignores its temperature: pass it on to sample_next.": (
        lambda sample_next, temperature, rng: lambda p: sample_next(p, 1.0, rng),
        True,
    ),
    "Its window does not slide: append the new id and drop the oldest (window[1:] + [new_id]), rather than "
    "overwrite the last id.": (lambda sample_next, temperature, rng: lambda p: sample_next(p, temperature, rng), False),
}
OTHER_GENERATOR = (
    "It draws from another generator than rng (a new one each step, or np.random's): pass rng itself to "
    "sample_next, so that the same seed gives the same text."
)


@pytest.mark.points(3)
@pytest.mark.parametrize("temperature", [0.7, 1.6])
def test_generate_draws_each_character_with_sample_next_and_rng(kata, kata_seed, temperature):
    time_steps, length, seed_text = 4, 24, "abcd"
    model = check.voting_model(time_steps)
    text, call = check.generated(kata.generate, model, seed_text, length, temperature, time_steps, kata_seed)

    def by_the_lesson(pick, slide=True):
        return check.generation_by_the_lesson(model, seed_text, length, time_steps, pick, slide)

    rng = np.random.default_rng(kata_seed)
    # Each slip is replayed only if the text is wrong, from a fresh generator seeded alike.
    slips = {
        sentence: lambda got, pick=pick, slide=slide: (
            got == by_the_lesson(pick(kata.sample_next, temperature, np.random.default_rng(kata_seed)), slide)
        )
        for sentence, (pick, slide) in GENERATION_MISTAKES.items()
    }
    check.check_result(
        text,
        by_the_lesson(lambda p: kata.sample_next(p, temperature, rng)),
        call,
        {**slips, OTHER_GENERATOR: lambda got: len(got) == length},
        lesson=", which the lesson's loop draws with your sample_next from the same seed",
    )


@pytest.mark.points(1)
def test_generate_rejects_a_seed_shorter_than_the_window(kata):
    arguments = check.generate_arguments(check.next_letter_model(4), "ab", 5, 1.0, np.random.default_rng(0), 4)
    call = check.call_text("generate", "<model>", "ab", 5, 1.0, "rng", "char_to_id", "id_to_char", 4)
    why = "the seed must fill the window of time_steps characters"
    check.check_raises_value_error(kata.generate, call, why, *arguments)


# --------------------------------------------------------------------------- training

TIME_STEPS, EPOCHS = 10, 40
ACCURACY = check.pass_bar(__file__, "accuracy")
# Training loss below which the accuracy is worth checking (a pass over the text each time).
# The accuracy is measured on the text the model trains on, so training stops at the bar.
STOP_LOSS = 2.4


@pytest.mark.points(5)
@pytest.mark.training
def test_model_learns_the_zen_of_python(kata, kata_seed):
    """Task: the Zen of Python, as windows of 10 characters and the character after each, cut
    by the test itself. Your model's next-character accuracy on the text must reach kata.toml's
    accuracy: above what the last character alone predicts."""
    keras.utils.set_random_seed(kata_seed)
    chars, char_to_id = check.vocabulary_of(ZEN)
    x, y = check.next_char_windows([char_to_id[char] for char in ZEN], TIME_STEPS)
    model, call = check.build(kata.build_char_model, vocab_size=len(chars), time_steps=TIME_STEPS)

    def good_enough(trained, logs):
        return logs.get("loss", np.inf) < STOP_LOSS and check.next_character_accuracy(trained, x, y, call) >= ACCURACY

    check.check_learns_by(
        model,
        call,
        "the Zen of Python",
        kata_seed,
        (x, y),
        EPOCHS,
        32,
        good_enough,
        lambda trained, _: check.next_character_score(trained, x, y, call, ACCURACY),
    )
