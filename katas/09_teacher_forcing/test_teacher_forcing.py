"""Graded tests for kata 09: sequence-to-sequence with teacher forcing, and a decoding loop.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the decoder's input, the three models and what they share, the
decoding loop on a model with known weights, and last, training on reversing digits and decoding
held-out sequences with the lesson's loop. The expected values, and the data and decoding the
training test scores on, come from the tests' own steps (kata_checks/seq2seq.py), never from your
functions, which have tests of their own.
"""

import keras
import numpy as np
import pytest

import kata_checks as check

PAD, START, END = 0, 1, 2
DIGITS = np.arange(3, 13)  # token 3 + d is the digit d
NUM_TOKENS = 13


# --------------------------------------------------------------------------- decoder_inputs

TARGET_CASES = [
    [[7, 5, 9, END, PAD], [4, 3, 6, 11, END]],
    [[12, END], [3, END], [8, END]],
]


@pytest.mark.points(2)
@pytest.mark.parametrize("targets", TARGET_CASES, ids=["2 rows of 5", "3 rows of 2"])
@pytest.mark.parametrize("start_id", [START, 42])
def test_decoder_inputs_move_the_targets_right_after_the_start_token(kata, targets, start_id):
    targets = np.array(targets, dtype=np.int64)
    call = check.call_text("decoder_inputs", targets, start_id)
    result = kata.decoder_inputs(targets, start_id)
    expected = check.teacher_inputs(targets, start_id)
    if not isinstance(result, np.ndarray):
        check.fail(f"{call} returned {type(result).__name__}; expected an int32 numpy array.")
    if result.shape != expected.shape:
        check.fail(
            f"{call} returned shape {result.shape}; expected {expected.shape}, as long as the targets: the "
            "decoder reads one input per output step. Drop the targets' last token to make room for the start."
        )
    if np.array_equal(result, expected) and result.dtype != np.int32:
        check.fail(f"{call} returned dtype {result.dtype}; expected int32 token ids.")
    check.check_result(
        result, expected, call, wrong_decoder_inputs(targets, start_id), shown=token_rows, equal=np.array_equal
    )


def token_rows(rows):
    return np.array2string(np.asarray(rows), separator=", ")


def wrong_decoder_inputs(targets, start_id):
    """What the plausible mistakes of decoder_inputs return, and why each is wrong."""
    return {
        "It moves the targets left, which shows the decoder the answer it must give: move them right.": (
            lambda result: np.array_equal(result[:, :-1], targets[:, 1:])
        ),
        f"Every row must start with start_id={start_id}.": (
            lambda result: np.array_equal(result[:, 1:], targets[:, :-1]) and not np.all(result[:, 0] == start_id)
        ),
        "It returns the targets unchanged: at step t the decoder must read the token of step t - 1.": targets,
    }


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "targets, why",
    [
        (np.array([5, 3, END]), "the targets are one sequence, not a 2-D batch (num_samples, target_steps)"),
        (np.zeros((2, 3, 1), dtype=int), "the targets are 3-D, not (num_samples, target_steps)"),
        (np.array([[0.5, 2.0]]), "token ids are integers"),
        (np.zeros((2, 0), dtype=int), "there is no step to decode"),
    ],
    ids=["1-D", "3-D", "floats", "no steps"],
)
def test_decoder_inputs_reject_bad_targets_with_value_error(kata, targets, why):
    call = check.call_text("decoder_inputs", targets, START)
    check.check_raises_value_error(kata.decoder_inputs, call, why, targets, START)


# --------------------------------------------------------------------------- the three models

MODEL_CASES = [(NUM_TOKENS, 16), (7, 8)]


def three_models(kata, num_tokens, units):
    return check.three_models(kata.build_seq2seq, num_tokens, units)


@pytest.mark.points(2)
@pytest.mark.parametrize("num_tokens, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_training_model_gives_a_distribution_over_the_tokens_at_every_step(kata, kata_seed, num_tokens, units):
    training_model, _, _, call = three_models(kata, num_tokens, units)
    check.check_token_distributions(training_model, call, np.random.default_rng(kata_seed), num_tokens)


@pytest.mark.points(1)
def test_training_model_is_compiled_with_adam_and_sparse_categorical_crossentropy(kata):
    training_model, _, _, call = three_models(kata, NUM_TOKENS, 8)
    check.check_compiled_with_adam(training_model, call, check.TOKEN_LOSS)


@pytest.mark.points(2)
@pytest.mark.parametrize("num_tokens, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_inference_models_have_the_promised_inputs_and_outputs(kata, kata_seed, num_tokens, units):
    _, encoder_model, decoder_model, call = three_models(kata, num_tokens, units)
    check.check_inference_models(
        encoder_model, decoder_model, call, np.random.default_rng(kata_seed), num_tokens, units
    )


@pytest.mark.points(3)
def test_inference_models_share_the_training_models_layers(kata):
    training_model, encoder_model, decoder_model, call = three_models(kata, NUM_TOKENS, 8)
    check.check_shared_layers(training_model, encoder_model, decoder_model, call)


@pytest.mark.points(2)
def test_the_decoder_starts_from_the_encoders_states(kata, kata_seed):
    training_model, _, decoder_model, call = three_models(kata, NUM_TOKENS, 16)
    rng = np.random.default_rng(kata_seed)
    check.check_decoder_reads_the_states(training_model, decoder_model, call, rng, NUM_TOKENS, 16, START)


@pytest.mark.points(1)
def test_padding_at_the_end_of_a_source_changes_nothing(kata, kata_seed):
    _, encoder_model, _, call = three_models(kata, NUM_TOKENS, 8)
    check.check_padding_ignored(
        encoder_model, call, check.random_tokens(np.random.default_rng(kata_seed), 2, 4, NUM_TOKENS)
    )


@pytest.mark.points(1)
def test_padded_decoder_steps_count_nothing_in_the_loss(kata, kata_seed):
    """Targets end with padding after END, and so do the decoder inputs, one step later. With the
    decoder's padding masked, the steps whose input is padding count nothing in the loss: what
    their targets hold changes nothing."""
    training_model, _, _, call = three_models(kata, NUM_TOKENS, 8)
    rng = np.random.default_rng(kata_seed)
    sources = np.concatenate([check.random_tokens(rng, 2, 3, NUM_TOKENS), np.zeros((2, 2), np.int32)], axis=1)
    targets = np.concatenate([sources[:, 2::-1], np.full((2, 1), END), np.zeros((2, 6), np.int32)], axis=1).astype(
        np.int32
    )
    check.check_padding_counts_nothing(
        training_model, call, sources, targets, check.teacher_inputs(targets, START), PAD
    )


# --------------------------------------------------------------------------- greedy_decode


@pytest.mark.points(3)
@pytest.mark.parametrize("start_id, end_id", [(3, 8), (5, 7)])
def test_greedy_decode_feeds_back_each_chosen_token_until_the_end_token(kata, kata_seed, start_id, end_id):
    """On a decoder whose next token is always its input + 1: from start_id, the loop must
    produce start_id + 1, start_id + 2, ... and stop at end_id, which it leaves out."""
    encoder_model, decoder_model = check.counting_models(NUM_TOKENS)
    sources = check.random_tokens(np.random.default_rng(kata_seed), 3, 5, NUM_TOKENS)
    result, call = check.greedy_decoded(kata.greedy_decode, encoder_model, decoder_model, sources, start_id, end_id, 10)
    expected = list(range(start_id + 1, end_id))
    check.check_result(
        result,
        [expected] * len(sources),
        call,
        wrong_counting(sources[0], start_id, end_id, expected),
        lesson=" from a decoder whose next token is always its input + 1",
    )


def wrong_counting(source, start_id, end_id, expected):
    """What the plausible mistakes of greedy_decode give on the counting decoder (first row),
    and why each is wrong."""
    from_the_source = [start_id + 1] + [(int(token) + 1) % NUM_TOKENS for token in source]
    return {
        f"It never stops: end each row at end_id={end_id}.": (
            lambda rows: len(rows[0]) == 10 and rows[0][: len(expected)] == expected
        ),
        "It keeps end_id: stop at end_id and leave it out.": (
            lambda rows: rows[0][: len(expected) + 1] == expected + [end_id]
        ),
        "Feed back the token the decoder chose at each step, not the source's tokens.": (
            lambda rows: len(rows[0]) > 1 and rows[0] == from_the_source[: len(rows[0])]
        ),
        f"Its first token should be the decoder's choice after start_id={start_id}, that is {start_id + 1}: "
        "feed start_id first.": (lambda rows: bool(rows[0]) and rows[0][0] != start_id + 1),
    }


@pytest.mark.points(1)
def test_greedy_decode_stops_after_max_steps(kata, kata_seed):
    encoder_model, decoder_model = check.counting_models(NUM_TOKENS)
    sources = check.random_tokens(np.random.default_rng(kata_seed), 2, 4, NUM_TOKENS)
    result, call = check.greedy_decoded(kata.greedy_decode, encoder_model, decoder_model, sources, 3, 2, 4)
    check.check_result(
        result,
        [[4, 5, 6, 7]] * 2,
        call,
        lesson=": end_id=2 never comes, so the loop must stop after max_steps=4 tokens",
    )


@pytest.mark.points(2)
def test_greedy_decode_stops_each_row_at_its_own_end_token(kata):
    """Rows of one batch end at different steps: the loop goes on until every row has ended."""
    encoder_model, decoder_model = check.own_end_models(NUM_TOKENS)
    sources = np.array([[END], [DIGITS[2]]], dtype=np.int32)
    result, call = check.greedy_decoded(kata.greedy_decode, encoder_model, decoder_model, sources, START, END, 4)
    check.check_result(
        result,
        [[], [int(DIGITS[2])] * 4],
        call,
        {
            "The second row stopped when the first one ended: each row stops at its own end token, and the "
            "loop ends once every row has ended (or after max_steps).": (
                lambda rows: rows[0] == [] and len(rows[1]) < 4
            )
        },
        lesson=" from a decoder that ends the first row at once and never ends the second",
    )


# --------------------------------------------------------------------------- training

EXACT_MATCH = check.pass_bar(__file__, "exact_match")


SOURCE_STEPS, TARGET_STEPS = 6, 7
TRAINING_EXAMPLES, MAX_EPOCHS = 3000, 12
# Training stops once the training loss is this low: the reference then decodes most held-out
# sequences, well over the bar, in a few seconds.
TRAINED_ENOUGH = 0.2


def digits(token_ids):
    return check.digits_text(token_ids, DIGITS)


@pytest.mark.points(5)
@pytest.mark.training
def test_model_learns_to_reverse_digits(kata, kata_seed):
    """Task: reverse 3 to 6 digits. Your training model learns with teacher forcing, on decoder
    inputs the test makes; then your inference models, with the trained weights, generate each
    held-out reversal by greedy decoding, batched, as the lesson's loop does; kata.toml's
    exact_match share of them must be right, token for token."""
    keras.utils.set_random_seed(kata_seed)
    training_model, encoder_model, decoder_model, call = three_models(kata, NUM_TOKENS, 64)
    rng = np.random.default_rng(kata_seed)
    sources, targets = check.digit_reversals(rng, TRAINING_EXAMPLES, SOURCE_STEPS, TARGET_STEPS, DIGITS, END)
    test_sources, test_targets = check.digit_reversals(rng, 200, SOURCE_STEPS, TARGET_STEPS, DIGITS, END)
    truth = [check.until_end(row, END) for row in test_targets]
    # What no learning at all gets right: sources that read the same both ways.
    unreversed = float(np.mean([list(row[row > 0]) == want for row, want in zip(test_sources, truth, strict=True)]))

    def exact_reversals(trained, losses):
        check.share_trained_weights(trained, encoder_model, decoder_model)
        result = check.decode_by_the_lesson(encoder_model, decoder_model, test_sources, START, END, TARGET_STEPS, call)
        score = float(np.mean([got == want for got, want in zip(result, truth, strict=True)]))
        learned = bool(losses) and losses[-1] < 2 * TRAINED_ENOUGH
        return check.HeldOutScore(
            score,
            EXACT_MATCH,
            {"the source, not reversed": unreversed},
            [
                f"Trained with teacher forcing and decoded greedily, it reversed {score:.1%} of 200 held-out "
                f"sequences exactly; required at least {EXACT_MATCH:.0%}. The source as it is would score "
                f"{unreversed:.1%}."
            ],
            reasons=[
                f"the training model learned (its loss fell to {losses[-1]:.3g}) but the generation fails: check "
                "that the inference models share the training model's layers, and that the decoder model hands on "
                "the decoder LSTM's new h and c."
                if learned
                else "the training model did not learn: check that the decoder starts from the encoder's states "
                "(initial_state=[h, c]), and the loss."
            ],
            examples=[
                "First held-out sequences (source -> reversed, yours):",
                *[
                    f"  {digits(row[row > 0])} -> {digits(want)}, yours {digits(got)}"
                    for row, want, got in zip(test_sources[:4], truth, result, strict=False)
                ],
            ],
        )

    check.check_learns_by(
        training_model,
        call,
        "reversing digits",
        kata_seed,
        ([sources, check.teacher_inputs(targets, START)], targets),
        MAX_EPOCHS,
        64,
        lambda _, logs: logs.get("loss", np.inf) < TRAINED_ENOUGH,
        exact_reversals,
    )
