"""Graded tests for kata 09: sequence-to-sequence with teacher forcing, and a decoding loop.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the decoder's input, the three models and what they share, the
decoding loop on a model with known weights, and last, training on reversing digits and decoding
held-out sequences with your own loop.
"""

import keras
import numpy as np
import pytest
from keras import layers

import kata_checks as check

PAD, START, END = 0, 1, 2
DIGITS = np.arange(3, 13)  # token 3 + d is the digit d
NUM_TOKENS = 13


# --------------------------------------------------------------------------- the tests' own steps
# The expected values, and the data and decoding that the training test scores on, come from these
# lines, never from your functions: a verdict must rest only on data and steps the test controls.
# Your decoder_inputs and greedy_decode are graded by their own tests, against these.


def teacher_inputs(targets, start_id):
    """The targets moved one step right, start_id first: what the decoder reads while training."""
    return np.concatenate([np.full((len(targets), 1), start_id), targets[:, :-1]], axis=1).astype(np.int32)


def decode_by_the_lesson(encoder_model, decoder_model, sources, start_id, end_id, max_steps, call):
    """Greedy decoding of a whole batch at once: each row's tokens up to its end token."""
    states = check.model_outputs(encoder_model, sources, f"The encoder model of {call}", "the held-out sources")
    token = np.full((len(sources), 1), start_id, np.int32)
    rows, done = [[] for _ in sources], np.zeros(len(sources), bool)
    for _ in range(max_steps):
        probabilities, *states = check.model_outputs(
            decoder_model, [token, *states], f"The decoder model of {call}", "[one token per row, h, c]"
        )
        token = np.argmax(probabilities[:, -1], axis=-1).astype(np.int32)[:, None]
        done |= token[:, 0] == end_id
        for row, (chosen, finished) in enumerate(zip(token[:, 0], done, strict=False)):
            if not finished:
                rows[row].append(int(chosen))
        if done.all():
            break
    return rows


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
    expected = teacher_inputs(targets, start_id)
    if not isinstance(result, np.ndarray):
        check.fail(f"{call} returned {type(result).__name__}; expected an int32 numpy array.")
    if result.shape != expected.shape:
        check.fail(
            f"{call} returned shape {result.shape}; expected {expected.shape}, as long as the targets: the "
            "decoder reads one input per output step. Drop the targets' last token to make room for the start."
        )
    if np.array_equal(result, expected):
        if result.dtype != np.int32:
            check.fail(f"{call} returned dtype {result.dtype}; expected int32 token ids.")
        return
    likely = ""
    if np.array_equal(result[:, :-1], targets[:, 1:]):
        likely = "It moves the targets left, which shows the decoder the answer it must give: move them right."
    elif np.array_equal(result[:, 1:], targets[:, :-1]) and not np.all(result[:, 0] == start_id):
        likely = f"Every row must start with start_id={start_id}."
    elif np.array_equal(result, targets):
        likely = "It returns the targets unchanged: at step t the decoder must read the token of step t - 1."
    check.fail(f"{call} returned\n{result}\nexpected\n{expected}\n{likely}")


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
    call = check.call_text("build_seq2seq", num_tokens, units=units)
    models = kata.build_seq2seq(num_tokens, units=units)
    if not isinstance(models, (tuple, list)) or len(models) != 3:
        check.fail(
            f"{call} returned {check.describe_value(models)}; expected a tuple (training_model, encoder_model, "
            "decoder_model)."
        )
    names = ["training_model", "encoder_model", "decoder_model"]
    for name, model in zip(names, models, strict=False):
        if not isinstance(model, keras.Model):
            check.fail(f"{call} returned {type(model).__name__} as its {name}; expected a keras.Model.")
    return (*models, call)


def tokens(rng, rows, steps, num_tokens):
    return rng.integers(3 if num_tokens > 3 else 1, num_tokens, (rows, steps)).astype(np.int32)


def outputs_of(model, inputs, call, what, inputs_lesson=""):
    return check.model_outputs(model, inputs, call, what, inputs_lesson)


@pytest.mark.points(2)
@pytest.mark.parametrize("num_tokens, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_training_model_gives_a_distribution_over_the_tokens_at_every_step(kata, kata_seed, num_tokens, units):
    training_model, _, _, call = three_models(kata, num_tokens, units)
    rng = np.random.default_rng(kata_seed)
    for source_steps, target_steps in [(5, 4), (3, 7)]:
        source, target = tokens(rng, 3, source_steps, num_tokens), tokens(rng, 3, target_steps, num_tokens)
        (probabilities, *rest) = outputs_of(
            training_model,
            [source, target],
            f"The training model of {call}",
            f"sources of {source_steps} steps and decoder inputs of {target_steps}",
            "It takes [source ids, decoder input ids], each of shape (None, None): any lengths.",
        )
        expected = (3, target_steps, num_tokens)
        if rest or probabilities.shape != expected:
            check.fail(
                f"The training model of {call} returned shape {probabilities.shape} for [source (3, {source_steps}), "
                f"decoder input (3, {target_steps})]; expected {expected}: at each decoder step, one "
                "probability per token. Its decoder must return_sequences=True."
            )
        sums = probabilities.sum(axis=-1)
        if not np.allclose(sums, 1.0, atol=1e-4) or probabilities.min() < 0:
            over_time = np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-4)
            check.fail(
                f"The training model of {call} gives probabilities that sum to {check.short_array(sums)} over the "
                "tokens; expected 1 at every step. "
                + (
                    "They sum to 1 over the steps: the softmax runs over the wrong axis. Use "
                    'Dense(num_tokens, activation="softmax"), which normalises the last axis.'
                    if over_time
                    else 'End the decoder in Dense(num_tokens, activation="softmax").'
                )
            )


@pytest.mark.points(1)
def test_training_model_is_compiled_with_adam_and_sparse_categorical_crossentropy(kata):
    training_model, _, _, call = three_models(kata, NUM_TOKENS, 8)
    check.check_compiled_with_adam(training_model, call, check.TOKEN_LOSS)


@pytest.mark.points(2)
@pytest.mark.parametrize("num_tokens, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_inference_models_have_the_promised_inputs_and_outputs(kata, kata_seed, num_tokens, units):
    _, encoder_model, decoder_model, call = three_models(kata, num_tokens, units)
    rng = np.random.default_rng(kata_seed)
    states = outputs_of(encoder_model, tokens(rng, 4, 6, num_tokens), f"The encoder model of {call}", "4 sources")
    if [state.shape for state in states] != [(4, units), (4, units)]:
        check.fail(
            f"The encoder model of {call} returned shapes {[s.shape for s in states]} for 4 sources; expected "
            f"[(4, {units}), (4, {units})], the encoder LSTM's final h and c: give it return_state=True and "
            "make the model's outputs [h, c]."
        )
    if np.allclose(states[0], states[1]):
        check.fail(
            f"The encoder model of {call} returns the same array as h and as c. An LSTM's cell state c is not its "
            "output h (h = o * tanh(c)): give the encoder LSTM return_state=True and return the h and c it gives, "
            "rather than its output twice."
        )
    outputs = outputs_of(
        decoder_model,
        [tokens(rng, 4, 1, num_tokens), *states],
        f"The decoder model of {call}",
        "[one token (4, 1), h, c]",
        f"Its inputs are [token ids (None, 1), h (None, {units}), c (None, {units})].",
    )
    expected = [(4, 1, num_tokens), (4, units), (4, units)]
    if [output.shape for output in outputs] != expected:
        check.fail(
            f"The decoder model of {call} returned shapes {[o.shape for o in outputs]}; expected {expected}: the "
            "next token's probabilities and the decoder LSTM's new h and c, for the next step."
        )


def layers_with_weights(model):
    return {layer.name: layer for layer, _ in check.walk_layers(model) if layer.weights}


def unshared_layers(training_model, inference_model):
    """The names of the inference model's layers that have no twin, same name and same weights,
    in the training model. Shared layers are one object in both models; after a model has crossed
    to the grader as data, its name and weights still tell."""
    trained = layers_with_weights(training_model)
    missing = []
    for name, layer in layers_with_weights(inference_model).items():
        twin = trained.get(name)
        same = (
            twin is not None
            and len(twin.get_weights()) == len(layer.get_weights())
            and all(np.array_equal(a, b) for a, b in zip(twin.get_weights(), layer.get_weights(), strict=False))
        )
        if not same:
            missing.append(f"{name} ({type(layer).__name__})")
    return missing


def share_trained_weights(training_model, *inference_models):
    """Give the inference models the training model's weights, layer by layer: where the layers
    are shared this changes nothing; where the models were rebuilt from data, it restores the
    sharing that the test of shared layers has checked."""
    trained = layers_with_weights(training_model)
    for model in inference_models:
        for name, layer in layers_with_weights(model).items():
            if name in trained:
                layer.set_weights(trained[name].get_weights())


@pytest.mark.points(3)
def test_inference_models_share_the_training_models_layers(kata):
    training_model, encoder_model, decoder_model, call = three_models(kata, NUM_TOKENS, 8)
    for role, model in [("encoder", encoder_model), ("decoder", decoder_model)]:
        unshared = unshared_layers(training_model, model)
        if unshared:
            check.fail(
                f"The {role} model of {call} has layers that are not the training model's: {', '.join(unshared)}. "
                "New layers start with their own random weights, and training the training model never "
                "reaches them, so the inference models would generate with untrained weights. Create each "
                "layer once, then call the same layer object in the training model and in the inference models."
            )


@pytest.mark.points(2)
def test_the_decoder_starts_from_the_encoders_states(kata, kata_seed):
    training_model, _, decoder_model, call = three_models(kata, NUM_TOKENS, 16)
    rng = np.random.default_rng(kata_seed)
    decoder_in = np.full((2, 3), START, dtype=np.int32)
    sources = np.stack([tokens(rng, 1, 5, NUM_TOKENS)[0], tokens(rng, 1, 5, NUM_TOKENS)[0]])
    first, second = outputs_of(training_model, [sources, decoder_in], f"The training model of {call}", "two sources")[0]
    if np.max(np.abs(first - second)) < 1e-7:
        check.fail(
            f"The training model of {call} gives the same probabilities for two different sources: the decoder "
            "never learns what the source was. Call the decoder LSTM with initial_state=[h, c], the "
            "encoder's final states."
        )
    token = np.full((2, 1), START, dtype=np.int32)
    zeros, ones = np.zeros((2, 16), np.float32), np.full((2, 16), 0.5, np.float32)
    from_zeros = outputs_of(decoder_model, [token, zeros, zeros], f"The decoder model of {call}", "states of zeros")[0]
    from_halves = outputs_of(decoder_model, [token, ones, ones], f"The decoder model of {call}", "states of 0.5")[0]
    if np.max(np.abs(from_zeros - from_halves)) < 1e-7:
        check.fail(
            f"The decoder model of {call} gives the same probabilities whatever h and c it receives: pass its "
            "state inputs to the decoder LSTM as initial_state=[h, c]."
        )


@pytest.mark.points(1)
def test_padding_at_the_end_of_a_source_changes_nothing(kata, kata_seed):
    _, encoder_model, _, call = three_models(kata, NUM_TOKENS, 8)
    source = tokens(np.random.default_rng(kata_seed), 2, 4, NUM_TOKENS)
    padded = np.concatenate([source, np.zeros((2, 3), np.int32)], axis=1)
    plain = outputs_of(encoder_model, source, f"The encoder model of {call}", "two sources")
    with_padding = outputs_of(encoder_model, padded, f"The encoder model of {call}", "two sources with zeros appended")
    if any(np.max(np.abs(a - b)) > 1e-5 for a, b in zip(plain, with_padding, strict=False)):
        check.fail(
            f"The encoder model of {call} gives other states when zeros are appended to a source: padding is read "
            "as tokens. Give the Embedding mask_zero=True, so the LSTM skips the padded steps."
        )


def evaluated_loss(model, inputs, targets, call):
    """The loss the learner compiled, evaluated here on data the test chose: eagerly, for two
    rows cost less than tracing a graph."""
    model.run_eagerly = True
    result = model.evaluate(inputs, targets, verbose=0)
    loss = float(result[0] if isinstance(result, (list, tuple)) else result)
    return float(check.check_finite(loss, call, "its loss"))


@pytest.mark.points(1)
def test_padded_decoder_steps_count_nothing_in_the_loss(kata, kata_seed):
    """Targets end with padding after END, and so do the decoder inputs, one step later. With the
    decoder's padding masked, the steps whose input is padding count nothing in the loss: what
    their targets hold changes nothing."""
    training_model, _, _, call = three_models(kata, NUM_TOKENS, 8)
    rng = np.random.default_rng(kata_seed)
    sources = np.concatenate([tokens(rng, 2, 3, NUM_TOKENS), np.zeros((2, 2), np.int32)], axis=1)
    targets = np.concatenate([sources[:, 2::-1], np.full((2, 1), END), np.zeros((2, 6), np.int32)], axis=1).astype(
        np.int32
    )
    teacher = teacher_inputs(targets, START)
    # At the steps whose decoder input is padding, targets the model finds likeliest, then
    # unlikeliest: counted in the loss, they move it far more than rounding does.
    padding = teacher == PAD
    (probabilities,) = outputs_of(
        training_model, [sources, teacher], f"The training model of {call}", "padded decoder inputs"
    )
    likely_padding, unlikely_padding = targets.copy(), targets.copy()
    likely_padding[padding] = np.argmax(probabilities, axis=-1)[padding]
    unlikely_padding[padding] = np.argmin(probabilities, axis=-1)[padding]
    padded, other = (
        evaluated_loss(training_model, [sources, teacher], t, f"The training model of {call}")
        for t in (likely_padding, unlikely_padding)
    )
    if abs(padded - other) > 1e-5 * max(1.0, abs(padded)):
        check.fail(
            f"The training model of {call} gives a loss of {padded:.5f} when the target steps whose decoder input is "
            f"padding hold the tokens it finds likeliest, and {other:.5f} when they hold the unlikeliest: the padding "
            "counts in the loss, so training spends itself "
            "on predicting padding. Give the decoder's Embedding mask_zero=True too: the mask then reaches the "
            "loss, which skips the padded steps."
        )


# --------------------------------------------------------------------------- greedy_decode


def counting_models(num_tokens=NUM_TOKENS, units=4):
    """An encoder and a one-step decoder with known weights: the decoder's most likely next token
    is always its input token + 1, whatever the states; the states pass through unchanged."""
    source = keras.Input(shape=(None,), dtype="int32")
    summary = layers.GlobalAveragePooling1D()(layers.Embedding(num_tokens, units)(source))
    encoder_model = keras.Model(source, [summary, summary])
    token, h, c = keras.Input(shape=(1,), dtype="int32"), keras.Input(shape=(units,)), keras.Input(shape=(units,))
    next_token = layers.Embedding(num_tokens, num_tokens)
    probabilities = layers.Activation("softmax")(next_token(token))
    decoder_model = keras.Model(
        [token, h, c], [probabilities, layers.Activation("linear")(h), layers.Activation("linear")(c)]
    )
    next_token.set_weights([10.0 * np.roll(np.eye(num_tokens), 1, axis=1)])
    return encoder_model, decoder_model


def own_end_models(num_tokens=NUM_TOKENS):
    """An encoder and a decoder with known weights whose rows end at different steps: h is 20
    times the one-hot of the source's token, and the decoder's choice is that token (20) over
    its input + 1 (10); it hands h on unchanged. A source of END decodes to nothing at once; a
    source of 5 to 5, 5, 5, ... until max_steps."""
    source = keras.Input(shape=(None,), dtype="int32")
    names_a_token = layers.Embedding(num_tokens, num_tokens)
    summary = layers.GlobalMaxPooling1D()(names_a_token(source))
    encoder_model = keras.Model(source, [summary, summary])
    token, h, c = (
        keras.Input(shape=(1,), dtype="int32"),
        keras.Input(shape=(num_tokens,)),
        keras.Input(shape=(num_tokens,)),
    )
    next_token = layers.Embedding(num_tokens, num_tokens)
    choice = layers.Add()([next_token(token), layers.Reshape((1, num_tokens))(h)])
    decoder_model = keras.Model(
        [token, h, c],
        [layers.Activation("softmax")(choice), layers.Activation("linear")(h), layers.Activation("linear")(c)],
    )
    names_a_token.set_weights([20.0 * np.eye(num_tokens)])
    next_token.set_weights([10.0 * np.roll(np.eye(num_tokens), 1, axis=1)])
    return encoder_model, decoder_model


def decoded(kata, encoder_model, decoder_model, sources, start_id, end_id, max_steps):
    call = check.call_text("greedy_decode", "<encoder_model>", "<decoder_model>", sources, start_id, end_id, max_steps)
    result = kata.greedy_decode(encoder_model, decoder_model, sources, start_id, end_id, max_steps)
    if not isinstance(result, (list, tuple)) or len(result) != len(sources):
        check.fail(
            f"{call} returned {check.describe_value(result)}; expected a list of {len(sources)} lists of token ids."
        )
    try:
        return [[int(token) for token in row] for row in result], call
    except (TypeError, ValueError):
        check.fail(f"{call} returned {check.describe_value(result)}; expected a list of lists of token ids.")


@pytest.mark.points(3)
@pytest.mark.parametrize("start_id, end_id", [(3, 8), (5, 7)])
def test_greedy_decode_feeds_back_each_chosen_token_until_the_end_token(kata, kata_seed, start_id, end_id):
    """On a decoder whose next token is always its input + 1: from start_id, the loop must
    produce start_id + 1, start_id + 2, ... and stop at end_id, which it leaves out."""
    encoder_model, decoder_model = counting_models()
    sources = tokens(np.random.default_rng(kata_seed), 3, 5, NUM_TOKENS)
    result, call = decoded(kata, encoder_model, decoder_model, sources, start_id, end_id, 10)
    expected = list(range(start_id + 1, end_id))
    if result == [expected] * len(sources):
        return
    row = result[0]
    from_the_source = [start_id + 1] + [(int(token) + 1) % NUM_TOKENS for token in sources[0]]
    likely = ""
    if len(row) == 10 and row[: len(expected)] == expected:
        likely = f"It never stops: end each row at end_id={end_id}."
    elif row[: len(expected) + 1] == expected + [end_id]:
        likely = "It keeps end_id: stop at end_id and leave it out."
    elif len(row) > 1 and row == from_the_source[: len(row)]:
        likely = "Feed back the token the decoder chose at each step, not the source's tokens."
    elif row and row[0] != start_id + 1:
        likely = (
            f"Its first token should be the decoder's choice after start_id={start_id}, that is "
            f"{start_id + 1}: feed start_id first."
        )
    check.fail(
        f"{call} returned {result}; expected {[expected] * len(sources)} from a decoder whose next token is always "
        f"its input + 1. {likely}"
    )


@pytest.mark.points(1)
def test_greedy_decode_stops_after_max_steps(kata, kata_seed):
    encoder_model, decoder_model = counting_models()
    sources = tokens(np.random.default_rng(kata_seed), 2, 4, NUM_TOKENS)
    result, call = decoded(kata, encoder_model, decoder_model, sources, 3, 2, 4)
    if result != [[4, 5, 6, 7]] * 2:
        check.fail(
            f"{call} returned {result}; expected [[4, 5, 6, 7], [4, 5, 6, 7]]: end_id=2 never comes, so the loop "
            "must stop after max_steps=4 tokens."
        )


@pytest.mark.points(2)
def test_greedy_decode_stops_each_row_at_its_own_end_token(kata):
    """Rows of one batch end at different steps: the loop goes on until every row has ended."""
    encoder_model, decoder_model = own_end_models()
    sources = np.array([[END], [DIGITS[2]]], dtype=np.int32)
    result, call = decoded(kata, encoder_model, decoder_model, sources, START, END, 4)
    expected = [[], [int(DIGITS[2])] * 4]
    if result == expected:
        return
    likely = ""
    if result[0] == [] and len(result[1]) < 4:
        likely = (
            " The second row stopped when the first one ended: each row stops at its own end token, and the "
            "loop ends once every row has ended (or after max_steps)."
        )
    check.fail(
        f"{call} returned {result}; expected {expected} from a decoder that ends the first row at once and "
        f"never ends the second.{likely}"
    )


# --------------------------------------------------------------------------- training

EXACT_MATCH = check.pass_bar(__file__, "exact_match")


SOURCE_STEPS, TARGET_STEPS = 6, 7
TRAINING_EXAMPLES, MAX_EPOCHS = 3000, 12
# Training stops once the training loss is this low: the reference then decodes most held-out
# sequences, well over the bar, in a few seconds.
TRAINED_ENOUGH = 0.2


def reversals(rng, count):
    """Sources of 3 to 6 digits, padded with 0; targets: the digits reversed, then END, padded."""
    sources = np.zeros((count, SOURCE_STEPS), np.int32)
    targets = np.zeros((count, TARGET_STEPS), np.int32)
    for row, length in enumerate(rng.integers(3, SOURCE_STEPS + 1, count)):
        digits = rng.choice(DIGITS, length)
        sources[row, :length] = digits
        targets[row, :length] = digits[::-1]
        targets[row, length] = END
    return sources, targets


def without_end(row):
    row = list(row)
    return row[: row.index(END)]


def shown(tokens_):
    return "".join(str(token - 3) if 3 <= token <= 12 else f"<{token}>" for token in tokens_) or "(nothing)"


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
    sources, targets = reversals(rng, TRAINING_EXAMPLES)
    test_sources, test_targets = reversals(rng, 200)
    losses = check.train(
        training_model,
        call,
        "reversing digits",
        ([sources, teacher_inputs(targets, START)], targets),
        MAX_EPOCHS,
        64,
        lambda _, logs: logs.get("loss", np.inf) < TRAINED_ENOUGH,
    )
    share_trained_weights(training_model, encoder_model, decoder_model)
    truth = [without_end(row) for row in test_targets]
    result = decode_by_the_lesson(encoder_model, decoder_model, test_sources, START, END, TARGET_STEPS, call)
    score = float(np.mean([got == want for got, want in zip(result, truth, strict=False)]))
    # What no learning at all gets right: sources that read the same both ways.
    unreversed = float(np.mean([list(row[row > 0]) == want for row, want in zip(test_sources, truth, strict=False)]))
    check.record_training(losses, score, EXACT_MATCH, {"the source, not reversed": unreversed})
    if score >= EXACT_MATCH:
        return
    learned = bool(losses) and losses[-1] < 2 * TRAINED_ENOUGH
    examples = [
        f"  {shown(row[row > 0])} -> {shown(want)}, yours {shown(got)}"
        for row, want, got in zip(test_sources, truth, result, strict=False)
    ][:4]
    check.fail(
        "\n".join(
            [
                f"{call}, trained with teacher forcing and decoded greedily, reversed {score:.1%} "
                f"of 200 held-out sequences exactly (seed {kata_seed}); required at least {EXACT_MATCH:.0%}. The "
                "source "
                f"as it is would score {unreversed:.1%}.",
                f"Training loss per epoch: {check.sparkline(losses)}",
                "First held-out sequences (source -> reversed, yours):",
                *examples,
                "Likely mistake: "
                + (
                    "the training model learned (its loss fell to "
                    f"{losses[-1]:.3g}) but the generation fails: check that the inference models share the "
                    "training model's layers, and that the decoder model hands on the decoder LSTM's new h and c."
                    if learned
                    else "the training model did not learn: check that the decoder starts from the encoder's "
                    "states (initial_state=[h, c]), and the loss."
                ),
            ]
        )
    )
