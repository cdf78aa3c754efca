"""Graded tests for kata 03: classifying token sequences with an Embedding, a mask and an LSTM.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: padding, then shapes, parameters, layers, masking, compile
settings, and last, training on a toy sentiment task.
"""

import numpy as np
import pytest

import kata_checks as check

# A short, a long, an empty and a one-token sequence.
SEQUENCES = [[5, 3, 8], [1, 2, 3, 4, 5, 6, 7, 8, 9], [], [7]]
# (vocab_size, embedding_dim, units): several values, so nothing hard-coded passes.
MODEL_CASES = [(50, 16, 32), (120, 8, 4), (30, 4, 12)]


def padded(sequences, max_len, at_end=True, keep_start=True):
    """What pad_batch should return (at_end, keep_start), and what the usual mistakes return."""
    rows = np.zeros((len(sequences), max_len), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        kept = sequence[:max_len] if keep_start else sequence[max(len(sequence) - max_len, 0) :]
        if kept:
            if at_end:
                rows[row, : len(kept)] = kept
            else:
                rows[row, max_len - len(kept) :] = kept
    return rows


# --------------------------------------------------------------------------- pad_batch


def check_padded_rows(rows, call, shape):
    """An int32 array with one row of max_len ids per sequence."""
    if not isinstance(rows, np.ndarray):
        check.fail(f"{call} returned {type(rows).__name__}; expected a numpy array.")
    if rows.shape != shape:
        check.fail(
            f"{call} returned shape {rows.shape}; expected {shape}: one row per "
            "sequence, each max_len long, so that they stack into one array."
        )
    if rows.dtype != np.int32:
        check.fail(
            f"{call} returned dtype {rows.dtype}; expected int32, the token ids an Embedding reads. "
            "Create the array with np.zeros(..., dtype=np.int32)."
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("max_len", [3, 5, 12])
def test_pad_batch_returns_int32_rows_of_max_len(kata, max_len):
    call = check.call_text("pad_batch", SEQUENCES, max_len=max_len)
    check_padded_rows(kata.pad_batch(SEQUENCES, max_len), call, (len(SEQUENCES), max_len))


@pytest.mark.points(2)
@pytest.mark.parametrize("max_len", [3, 5, 12])
def test_pad_batch_keeps_the_first_tokens_and_pads_with_zeros_at_the_end(kata, max_len):
    call = check.call_text("pad_batch", SEQUENCES, max_len=max_len)
    rows = kata.pad_batch(SEQUENCES, max_len)
    check.check_rows(
        np.asarray(rows),
        padded(SEQUENCES, max_len),
        "row",
        call,
        lambda i: f"the first {max_len} tokens of {SEQUENCES[i]}, then zeros",
        {
            "pre-padding: the zeros must go after the tokens (padding='post' in pad_sequences)": padded(
                SEQUENCES, max_len, at_end=False
            ),
            "pre-truncation: a long sequence keeps its first tokens (truncating='post')": padded(
                SEQUENCES, max_len, keep_start=False
            ),
            "pre-padding and pre-truncation, keras.utils.pad_sequences' defaults; pass "
            "padding='post' and truncating='post'": padded(SEQUENCES, max_len, at_end=False, keep_start=False),
        },
    )


BAD_PADDING_ARGUMENTS = [
    ([[1, 2], [3, 0]], 4, "token id 0 is reserved for padding"),
    ([[1, -2]], 4, "token ids start at 1"),
    ([[1, 2]], 0, "max_len must be at least 1"),
    ([[1, 2]], -3, "max_len must be at least 1"),
]


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "sequences, max_len, why",
    BAD_PADDING_ARGUMENTS,
    ids=["token 0", "negative token", "max_len 0", "negative max_len"],
)
def test_pad_batch_rejects_bad_input_with_value_error(kata, sequences, max_len, why):
    call = check.call_text("pad_batch", sequences, max_len=max_len)
    check.check_raises_value_error(kata.pad_batch, call, why, sequences, max_len)


# --------------------------------------------------------------------------- build_sentiment_classifier

INPUT_HINT = 'keras.Input(shape=(None,), dtype="int32")'


def build(kata, vocab_size, embedding_dim, units):
    return check.build(
        kata.build_sentiment_classifier,
        input_hint=INPUT_HINT,
        vocab_size=vocab_size,
        embedding_dim=embedding_dim,
        units=units,
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("vocab_size, embedding_dim, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_model_outputs_one_probability_per_sequence_of_any_length(kata, vocab_size, embedding_dim, units):
    model, call = build(kata, vocab_size, embedding_dim, units)
    shape = check.run_on_tokens(model, call)
    if shape != (None, 1):
        hint = check.likely_mistake(
            shape, {"The LSTM's output needs a Dense(1, activation='sigmoid') after it.": (None, units)}
        ) or ("A many-to-one classifier keeps only the LSTM's last output and ends in Dense(1).")
        check.fail(f"{call} returned output shape {shape}; expected (None, 1), one probability per sequence. {hint}")


@pytest.mark.points(2)
@pytest.mark.parametrize("vocab_size, embedding_dim, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_parameter_count_matches_embedding_and_lstm_formula(kata, vocab_size, embedding_dim, units):
    model, call = build(kata, vocab_size, embedding_dim, units)
    check.check_parameter_count(
        model,
        call,
        [
            ("Embedding", "vocab_size*embedding_dim", f"{vocab_size}*{embedding_dim}", vocab_size * embedding_dim),
            (
                "LSTM",
                "4*units*(units+embedding_dim+1)",
                f"4*{units}*({units}+{embedding_dim}+1)",
                check.lstm_parameters(units, embedding_dim),
            ),
            ("Dense(1)", "units*1 + 1", f"{units}*1 + 1", units + 1),
        ],
        extra_hints=[
            f"Embedding({vocab_size + 1}, ...) holds one row too many: vocab_size already counts the padding id 0."
            for layer in check.embedding_layers(model)
            if layer.input_dim == vocab_size + 1
        ],
    )


def check_one_masked_embedding(model, call, vocab_size, embedding_dim):
    """One Embedding(vocab_size, embedding_dim, mask_zero=True)."""
    embeddings = check.embedding_layers(model)
    if len(embeddings) != 1:
        check.fail(
            f"{call} built {len(embeddings)} Embedding layers; expected one, "
            f"Embedding({vocab_size}, {embedding_dim}, mask_zero=True), to turn token ids into vectors."
        )
    embedding = embeddings[0]
    if embedding.input_dim == vocab_size + 1:
        check.fail(
            f"{call} built Embedding({embedding.input_dim}, ...); expected Embedding({vocab_size}, ...). "
            "vocab_size already counts the padding id 0: the ids run from 0 to vocab_size - 1, so "
            "Embedding(vocab_size + 1, ...) adds a row for an id that never comes."
        )
    if embedding.input_dim != vocab_size:
        check.fail(
            f"{call} built Embedding({embedding.input_dim}, ...); expected Embedding({vocab_size}, ...). "
            "The vocabulary size comes from the vocab_size argument, not a fixed number."
        )
    if embedding.output_dim != embedding_dim:
        check.fail(
            f"{call} built Embedding(..., {embedding.output_dim}); expected Embedding(..., {embedding_dim}). "
            "Use the embedding_dim argument."
        )
    if not embedding.mask_zero:
        check.fail(
            f"{call} built its Embedding without mask_zero=True. Token 0 is padding; with the mask, "
            "the LSTM skips padded steps instead of reading them as words."
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("vocab_size, embedding_dim, units", MODEL_CASES[:2], ids=check.case_ids(MODEL_CASES[:2]))
def test_model_embeds_with_a_mask_then_one_lstm_then_a_sigmoid(kata, vocab_size, embedding_dim, units):
    model, call = build(kata, vocab_size, embedding_dim, units)
    check_one_masked_embedding(model, call, vocab_size, embedding_dim)
    check.check_dense_output(model, call, output_dim=1, time_distributed=False, activation="sigmoid")
    check.check_lstm_stack(model, call, [units], last_return_sequences=False)


@pytest.mark.points(3)
def test_padding_at_the_end_does_not_change_the_prediction(kata):
    """What mask_zero=True buys: trailing zeros are skipped, so a padded sentence reads the same."""
    model, call = build(kata, 40, 8, 16)
    sentences = [[3, 17, 25, 9], [12], [30, 2, 2, 8, 21, 5, 39]]
    for sentence in sentences:
        tokens = np.array([sentence], dtype="int32")
        padded_tokens = np.array([sentence + [0] * 25], dtype="int32")
        plain = float(check.model_outputs(model, tokens, call, f"the review {sentence}")[0][0, 0])
        with_zeros = float(
            check.model_outputs(model, padded_tokens, call, f"the review {sentence} and 25 zeros")[0][0, 0]
        )
        if abs(plain - with_zeros) > 1e-5:
            embeddings = check.embedding_layers(model)
            masked = bool(embeddings) and all(layer.mask_zero for layer in embeddings)
            check.fail(
                f"{call}: appending 25 zeros to {sentence} changed the prediction from {plain:.6f} "
                f"to {with_zeros:.6f}; padding must not change it. "
                + (
                    "Pass mask_zero=True to the Embedding, so the LSTM skips the padded steps."
                    if not masked
                    else "The mask from Embedding(mask_zero=True) must reach the LSTM: put no "
                    "layer between them that drops it."
                )
            )


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_binary_crossentropy_and_accuracy(kata):
    model, call = build(kata, 20, 4, 4)
    check.check_compiled_with_adam(model, call, check.CLASSIFICATION_LOSS)
    tokens = np.array([[1, 2, 3, 0], [4, 5, 0, 0]], dtype="int32")
    check.check_reports_accuracy(model, call, tokens, np.array([[1.0], [0.0]], dtype="float32"))


# --------------------------------------------------------------------------- training

VOCAB_SIZE = 40
MAX_LEN = 16
POSITIVE_WORDS = np.arange(1, 6)
NEGATIVE_WORDS = np.arange(6, 11)
NOT = 11
NEUTRAL_WORDS = np.arange(12, VOCAB_SIZE)
NEGATED_SHARE = 0.3  # of the sentiment words


def review(rng, positive):
    """One review, as token ids: 1 to 3 sentiment words that all say `positive` once negation
    is applied, each preceded by "not" (and then of the opposite polarity: "not bad") with
    probability NEGATED_SHARE; 0 to 2 "not"s before neutral words, which flip nothing; and 1 to
    6 more neutral words; in a random order. A bag of words sees every word and no order, so it
    cannot tell "not good ... fine" from "good ... not fine"."""
    phrases = []
    for _ in range(rng.integers(1, 4)):
        negated = rng.random() < NEGATED_SHARE
        word = rng.choice(POSITIVE_WORDS if positive != negated else NEGATIVE_WORDS)
        phrases.append([NOT, word] if negated else [word])
    phrases += [[NOT, rng.choice(NEUTRAL_WORDS)] for _ in range(rng.integers(0, 3))]
    phrases += [[rng.choice(NEUTRAL_WORDS)] for _ in range(rng.integers(1, 7))]
    return [int(token) for position in rng.permutation(len(phrases)) for token in phrases[position]]


def reviews(rng, count):
    """`count` reviews padded with zeros at the end to MAX_LEN, and their labels (1: positive)."""
    labels = rng.integers(0, 2, count)
    tokens = np.zeros((count, MAX_LEN), dtype=np.int32)
    for row, positive in enumerate(labels):
        words = review(rng, bool(positive))
        tokens[row, : len(words)] = words
    return tokens, labels[:, None].astype(np.float32)


@pytest.mark.points(4)
@pytest.mark.training
def test_model_learns_to_tell_positive_from_negative_reviews(kata, kata_seed):
    """Task: reviews of up to 16 words, with 1 to 3 sentiment words among neutral ones, where
    "not" right before a sentiment word flips it. Word order decides the label, so a bag of
    words cannot reach the bar; the right model reaches kata.toml's held-out accuracy."""
    model, call = build(kata, VOCAB_SIZE, 16, 32)
    rng = np.random.default_rng(kata_seed)
    check.check_learns_to_classify(
        model,
        call,
        task="whether a review is positive",
        train=reviews(rng, 1024),
        test=reviews(rng, 256),
        seed=kata_seed,
        required_accuracy=check.pass_bar(__file__, "accuracy"),
        max_epochs=40,
    )
