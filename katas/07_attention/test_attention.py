"""Graded tests for kata 07: an encoder-decoder with attention.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: shapes, parameters, layers, compile settings, your
attention_scores() on models these tests build, and last, training on a task that only a model
that looks back at the right input step can solve.
"""

import keras
import numpy as np
import pytest
from keras import layers

import kata_checks as check

MODEL_CASES = check.SEQUENCE_TO_SEQUENCE_CASES


def build(kata, input_steps, output_steps, features, units, output_dim):
    return check.build_sequence_to_sequence(
        kata.build_attention_seq2seq, input_steps, output_steps, features, units, output_dim
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(
    "input_steps, output_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES)
)
def test_model_outputs_output_steps_predictions(kata, input_steps, output_steps, features, units, output_dim):
    model, call = build(kata, input_steps, output_steps, features, units, output_dim)
    likely = {
        (None, input_steps, output_dim): "The output has input_steps steps. Either RepeatVector got "
        "input_steps instead of output_steps, or the Attention layer's inputs are swapped: "
        "Attention()([query, value]) returns one step per query, and the queries are the decoder's outputs.",
        (None, output_dim): "The decoder LSTM needs return_sequences=True to emit one query per output step.",
    }
    check.check_output_shape(model, call, input_steps, features, (None, output_steps, output_dim), likely)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "input_steps, output_steps, features, units, output_dim", MODEL_CASES, ids=check.case_ids(MODEL_CASES)
)
def test_parameter_count_matches_the_formula(kata, input_steps, output_steps, features, units, output_dim):
    model, call = build(kata, input_steps, output_steps, features, units, output_dim)
    parts = check.encoder_decoder_parameters(units, features, output_dim)
    # use_scale=True is dot-product attention with one learned temperature: also right.
    if any(layer.use_scale for layer in check.attention_layers(model)):
        parts.append(("Attention(use_scale=True)", "1", "1", 1))
    hints = []
    if any(isinstance(layer, layers.Concatenate) for layer, _ in check.walk_layers(model)):
        hints.append(
            "the Dense reads the context concatenated with something else, hence 2*units inputs. "
            "In this kata the Dense reads the context alone: with the decoder's outputs beside it, "
            "the model can memorise the inputs instead of learning where to look."
        )
    check.check_parameter_count(model, call, parts, extra_hints=hints)


@pytest.mark.points(3)
@pytest.mark.parametrize("input_steps, output_steps, units", [(8, 3, 16), (3, 7, 12)])
def test_decoder_attends_over_every_encoder_step(kata, input_steps, output_steps, units):
    model, call = build(kata, input_steps, output_steps, 1, units, 2)
    layer = check.check_one_dot_product_attention(model, call)
    check.check_lstm_stack(
        model,
        call,
        [units, units],
        return_sequences=[True, True],
        count_lesson=" An attention encoder-decoder has two: the encoder LSTM and the decoder LSTM.",
        lessons={
            0: "expected an encoder with return_sequences=True: attention needs an output for every input step.",
            1: "expected a decoder with return_sequences=True, so that it asks one query per output step.",
        },
    )
    check.check_attention_reads_decoder_queries_and_every_encoder_step(layer, call, input_steps, output_steps, units)
    check.check_dense_output(model, call, output_dim=2, time_distributed=True)


@pytest.mark.points(2)
def test_model_is_compiled_with_adam_and_mean_squared_error(kata):
    model, call = build(kata, 4, 2, 1, 4, 1)
    check.check_compiled_with_adam(model, call)


# --------------------------------------------------------------------------- attention_scores()

# (input_steps, output_steps, features, units, samples) of the models built below.
SCORE_CASES = [(6, 3, 2, 8, 4), (3, 5, 1, 4, 2)]


def scores_of(kata, model, x, input_steps, output_steps):
    call = (
        f"attention_scores(model, x) for a model with input_steps={input_steps}, output_steps={output_steps} "
        f"and x of shape {x.shape}"
    )
    scores = kata.attention_scores(model, x)
    expected = (len(x), output_steps, input_steps)
    check.check_array(
        scores,
        "attention scores",
        call,
        expected,
        likely_mistakes={
            (
                len(x),
                input_steps,
                output_steps,
            ): "The axes are swapped: row j belongs to output step j and has one weight per input step.",
            (
                len(x),
                output_steps,
                model.layers[-1].input.shape[-1],
            ): "These are the Attention layer's outputs (the context), "
            "not its weights. Call the layer with return_attention_scores=True to get both.",
        },
        any_float=True,
    )
    return np.asarray(scores, dtype=np.float64), call


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "input_steps, output_steps, features, units, samples", SCORE_CASES, ids=check.case_ids(SCORE_CASES)
)
def test_attention_scores_have_one_row_per_output_step(
    kata, kata_seed, input_steps, output_steps, features, units, samples
):
    model = check.model_with_attention(input_steps, output_steps, features, units)
    x = np.random.default_rng(kata_seed).uniform(-1, 1, (samples, input_steps, features)).astype(np.float32)
    scores_of(kata, model, x, input_steps, output_steps)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "input_steps, output_steps, features, units, samples", SCORE_CASES, ids=check.case_ids(SCORE_CASES)
)
def test_attention_scores_are_the_layers_weights(kata, kata_seed, input_steps, output_steps, features, units, samples):
    model = check.model_with_attention(input_steps, output_steps, features, units)
    x = np.random.default_rng(kata_seed).uniform(-1, 1, (samples, input_steps, features)).astype(np.float32)
    scores, call = scores_of(kata, model, x, input_steps, output_steps)
    sums = scores.sum(axis=-1)
    if scores.min() < -1e-6 or not np.allclose(sums, 1.0, atol=1e-4):
        check.fail(
            f"{call} returned rows that sum to {check.short_array(sums.ravel(), 6)} with smallest weight "
            f"{scores.min():.3g}; expected weights of at least 0 that sum to 1 per output step. Return "
            "the softmaxed weights (return_attention_scores=True gives them), not the raw dot products, "
            "and take the softmax over the input steps, the last axis."
        )
    layer = check.attention_layers(model)[0]
    _, value, context = check.attention_tensors(model, layer, x)
    if not np.allclose(np.einsum("nji,niu->nju", scores, value), context, atol=1e-4):
        check.fail(
            f"{call} returned weights that do not give the layer's output: weighting the encoder "
            "outputs by them gives another context than the one the Attention layer computed.\n"
            "Example 0, yours:\n" + check.attention_heatmap(scores[0]) + "\n"
            "Likely mistake: the weights must come from this model's Attention layer and these x. Ask "
            "the layer itself with return_attention_scores=True rather than recomputing softmax(q.v) "
            "by hand: the layer may scale the scores (use_scale=True)."
        )


@pytest.mark.points(1)
def test_attention_scores_depend_on_the_input(kata, kata_seed):
    model = check.model_with_attention(6, 3, 2, 8)
    rng = np.random.default_rng(kata_seed)
    first = rng.uniform(-1, 1, (3, 6, 2)).astype(np.float32)
    second = rng.uniform(-1, 1, (3, 6, 2)).astype(np.float32)
    first_scores, call = scores_of(kata, model, first, 6, 3)
    second_scores, _ = scores_of(kata, model, second, 6, 3)
    if np.allclose(first_scores, second_scores, atol=1e-6):
        check.fail(
            f"{call} returned the same weights for two different inputs x; expected each input to get "
            "its own. Compute the weights from the x passed in, not from zeros, a fixed example or an earlier call."
        )


@pytest.mark.points(1)
def test_attention_scores_rejects_a_model_without_attention(kata):
    model = keras.Sequential([keras.Input(shape=(4, 1)), layers.LSTM(3), layers.Dense(1)])
    check.check_raises_value_error(
        kata.attention_scores,
        "attention_scores(model, x) for a model without an Attention layer",
        "a model with no Attention layer has no attention weights to return",
        model,
        np.zeros((2, 4, 1), dtype=np.float32),
    )


# --------------------------------------------------------------------------- training

INPUT_STEPS, OUTPUT_STEPS = 8, 4
TASK = "the tagged inputs in tag order (8 input steps, 4 of them tagged)"
ERROR_RATIO = check.pass_bar(__file__, "error_ratio")
ALIGNMENT = check.pass_bar(__file__, "alignment")


# The model trained by the training test, kept for the alignment test that inspects it.
TRAINED = {}


def trained_on_tagged_values(kata, seed):
    """Build and train the learner's model once per seed; return (model, call, x, positions, failure)."""
    key = (kata.module_path, seed)
    if key not in TRAINED:
        # Seeded here, not by the test: whichever test trains first builds the same model.
        keras.utils.set_random_seed(seed)
        model, call = build(kata, INPUT_STEPS, OUTPUT_STEPS, 1 + OUTPUT_STEPS, 48, 1)
        rng = np.random.default_rng(seed)
        x_train, y_train, _ = check.tagged_values(rng, 1024, INPUT_STEPS, OUTPUT_STEPS)
        x_test, y_test, positions = check.tagged_values(rng, 256, INPUT_STEPS, OUTPUT_STEPS)
        failure = None
        try:
            check.check_learns(
                model,
                call,
                TASK,
                (x_train, y_train),
                (x_test, y_test),
                seed=seed,
                required_ratio=ERROR_RATIO,
                max_epochs=30,
                decodes=True,
            )
        except pytest.fail.Exception as error:
            failure = error
        TRAINED[key] = (model, call, x_test, positions, failure)
    return TRAINED[key]


@pytest.mark.points(4)
@pytest.mark.training
def test_model_learns_to_read_the_tagged_inputs(kata, kata_seed):
    """Task: 8 input steps carry random values; 4 of them are tagged 1 to 4, at random places.
    Output the 4 tagged values in tag order, with a held-out error below kata.toml's error_ratio
    of the targets' variance."""
    *_, failure = trained_on_tagged_values(kata, kata_seed)
    if failure is not None:
        raise failure


@pytest.mark.points(3)
@pytest.mark.training
def test_attention_looks_at_the_tagged_inputs(kata, kata_seed_of):
    """The model trained above must look where the task says: output step j's strongest
    weight lands on the input step tagged j, for at least kata.toml's alignment share of
    held-out rows."""
    seed = kata_seed_of("test_model_learns_to_read_the_tagged_inputs")
    model, call, x, positions, _ = trained_on_tagged_values(kata, seed)
    if not check.attention_layers(model):
        check.fail(f"{call} has no layers.Attention layer, so there are no attention weights to inspect.")
    scores = check.attention_weights(model, x)
    if scores.shape[1] != OUTPUT_STEPS:
        check.fail(
            f"The Attention layer of {call} gives weights of shape {scores.shape}: {scores.shape[1]} "
            f"rows per example, where the task has {OUTPUT_STEPS} output steps. Its first input, the "
            "queries, must be the decoder's outputs, one per output step."
        )
    hits = np.argmax(scores, axis=-1) == positions
    # fit() leaves its History on the model: the epochs the training test used.
    losses = getattr(model.history, "history", {}).get("loss", [])
    check.record_training(losses, hits.mean(), ALIGNMENT, {"a random input step": 1 / INPUT_STEPS})
    if hits.mean() >= ALIGNMENT:
        return
    example = int(np.argmin(hits.all(axis=1)))
    # The first diagnosis that applies: each one hides the ones after it.
    reasons = check.diagnose(check.ATTENTION, model, scores, INPUT_STEPS)[:1]
    check.fail(
        f"After training (seed {seed}), the attention of {call} peaks at the tagged input step for "
        f"{hits.mean():.0%} of held-out rows; required at least {ALIGNMENT:.0%} (looking at a random "
        f"step would hit {1 / INPUT_STEPS:.0%}).\n"
        f"Held-out example {example}, what your model looks at:\n"
        + check.attention_heatmap(scores[example], positions[example])
        + ("\nLikely mistake: " + " ".join(reasons) if reasons else "")
    )
