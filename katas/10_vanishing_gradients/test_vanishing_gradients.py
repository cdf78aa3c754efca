"""Graded tests for kata 10: SimpleRNN, GRU and LSTM side by side, and the gradient that
reaches each input step.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the cell names, shapes, parameters, layers, compile settings,
then the gradients: against finite differences on a fixed model, and then what they show about
the three cells.
"""

import keras
import numpy as np
import pytest

import kata_checks as check

CELLS = ["simple_rnn", "gru", "lstm"]
LAYER_OF = {"simple_rnn": "SimpleRNN", "gru": "GRU", "lstm": "LSTM"}
# (time_steps, features, units): several values, so nothing hard-coded passes.
MODEL_CASES = [(12, 1, 32), (5, 3, 8)]


def build(kata, cell, time_steps, features, units):
    return check.build(
        kata.build_recurrent_classifier, cell=cell, time_steps=time_steps, features=features, units=units
    )


def formula(cell, units, features):
    """(formula with names, with numbers, count) of one recurrent layer of this kind."""
    if cell == "simple_rnn":
        return "units*(units+features+1)", f"{units}*({units}+{features}+1)", units * (units + features + 1)
    if cell == "gru":
        return "3*units*(units+features+2)", f"3*{units}*({units}+{features}+2)", 3 * units * (units + features + 2)
    return "4*units*(units+features+1)", f"4*{units}*({units}+{features}+1)", 4 * units * (units + features + 1)


# What the comparison of the cells rests on: each layer as Keras builds it by default.
CELL_DEFAULTS = {"unit_forget_bias": True, "dropout": 0.0, "recurrent_dropout": 0.0}
CELL_DEFAULT_LESSONS = {
    "unit_forget_bias": "unit_forget_bias=True starts the LSTM's forget gate at a bias of 1, open: that bias is "
    "what lets the gradient reach the early steps, the lesson's point.",
    "dropout": "Dropout zeroes inputs at random while training: leave it out, the gradients here are measured "
    "on the cells alone.",
    "recurrent_dropout": "Recurrent dropout zeroes the state at random while training: leave it out, the gradients "
    "here are measured on the cells alone.",
}


# --------------------------------------------------------------------------- the model


@pytest.mark.points(1)
@pytest.mark.parametrize("cell", ["rnn", "LSTM", "transformer"])
def test_an_unknown_cell_is_rejected_with_value_error(kata, cell):
    call = check.call_text("build_recurrent_classifier", cell, 10, 1)
    check.check_raises_value_error(
        kata.build_recurrent_classifier, call, 'cell must be "simple_rnn", "gru" or "lstm"', cell, 10, 1
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("time_steps, features, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_model_outputs_one_probability_per_sequence(kata, cell, time_steps, features, units):
    model, call = build(kata, cell, time_steps, features, units)
    likely = {
        (None, time_steps, 1): "The recurrent layer hands on every step's output: leave out return_sequences.",
        (None, units): 'The model ends at the recurrent layer: add Dense(1, activation="sigmoid").',
    }
    check.check_output_shape(model, call, time_steps, features, (None, 1), likely, ", one probability per sequence")
    check.check_dense_output(model, call, 1, False, activation="sigmoid")


@pytest.mark.points(1)
@pytest.mark.parametrize("cell", CELLS)
def test_model_uses_the_recurrent_layer_that_cell_names(kata, cell):
    model, call = build(kata, cell, 10, 1, 8)
    found = [recurrent.kind for recurrent in check.recurrent_layers(model)]
    if found != [LAYER_OF[cell]]:
        check.fail(
            f"{call} has the recurrent layers {found or 'none'}; expected one {LAYER_OF[cell]}, "
            f"layers.{LAYER_OF[cell]}(units). Choose the layer by the value of cell: a dict from "
            "the three names to the three layer classes does it in one line."
        )
    config = check.recurrent_layers(model)[0].layer.get_config()
    changed = {
        name: config.get(name) for name, default in CELL_DEFAULTS.items() if name in config and config[name] != default
    }
    if changed:
        check.fail(
            f"{call} builds its {LAYER_OF[cell]} with "
            f"{', '.join(f'{name}={value!r}' for name, value in changed.items())}; "
            "expected Keras's defaults, for this kata compares the three cells as Keras builds them. "
            + " ".join(CELL_DEFAULT_LESSONS[name] for name in changed)
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("time_steps, features, units", MODEL_CASES, ids=check.case_ids(MODEL_CASES))
def test_parameter_count_matches_the_cells_formula(kata, cell, time_steps, features, units):
    model, call = build(kata, cell, time_steps, features, units)
    names, numbers, count = formula(cell, units, features)
    hints = []
    if cell == "gru" and model.count_params() == 3 * units * (units + features + 1) + units + 1:
        hints.append(
            "the GRU has reset_after=False, the old formulation with one bias per gate. Keras 3's "
            "default, reset_after=True, applies the reset gate after the recurrent matrix and so "
            "keeps a second bias per gate for it: 3*units*(units+features+2). Keep the default."
        )
    check.check_parameter_count(
        model,
        call,
        [
            (LAYER_OF[cell], names, numbers, count),
            ("Dense", "units + 1", f"{units} + 1", units + 1),
        ],
        hints,
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("cell", CELLS)
def test_the_answer_comes_from_the_last_step_only(kata, cell):
    """The recurrent layer hands on its last output alone: the gradient's one road to an early
    step runs back through every step after it. Pooling every step's output would give each
    step a road of its own, and hide what this kata measures."""
    model, call = build(kata, cell, 10, 1, 8)
    returning = [recurrent.describe() for recurrent in check.recurrent_layers(model) if recurrent.return_sequences]
    if returning:
        check.fail(
            f"{call} has {', '.join(returning)}: every step's output goes on, and a pooling or "
            "flattening layer then gives each step its own road to the output, so no gradient has "
            "to travel through time. Leave out return_sequences and let the last output alone "
            "reach the Dense layer."
        )


@pytest.mark.points(1)
def test_model_is_compiled_with_adam_and_binary_crossentropy(kata):
    model, call = build(kata, "gru", 6, 2, 4)
    check.check_compiled_with_adam(model, call, check.CLASSIFICATION_LOSS)


# --------------------------------------------------------------------------- the gradients


# (num_samples, time_steps, features): no two sizes alike, so a norm over the wrong axis shows,
# and no step count equal to the test model's 5 weight tensors, so a gradient of the weights shows.
GRADIENT_CASES = [(4, 7, 3), (9, 6, 2)]


@pytest.mark.points(2)
@pytest.mark.parametrize("samples, time_steps, features", GRADIENT_CASES, ids=check.case_ids(GRADIENT_CASES))
def test_gradient_norms_have_one_value_per_step(kata, kata_seed, samples, time_steps, features):
    rng = np.random.default_rng(kata_seed)
    x = rng.normal(size=(samples, time_steps, features))
    y = rng.integers(0, 2, (samples, 1)).astype(np.float64)
    model = check.fixed_model(time_steps, features, kata_seed)
    norms, call = check.learners_norms(kata.gradient_norms_through_time, model, x, y)
    weights = len(model.trainable_weights)
    check.check_result(
        norms.shape,
        (time_steps,),
        call,
        {
            "That is one value per example: average over the examples (axis 0), not over the steps.": (samples,),
            "Take the norm over the features (the last axis) at each step.": (time_steps, features),
            "Average over the examples (axis 0) too.": (samples, time_steps),
            "Take the norm over the features (the last axis), not over the steps.": (features,),
            "That is the gradient itself: take its norm over the features, then average over the examples.": (
                samples,
                time_steps,
                features,
            ),
            f"That is one value per weight tensor (the model has {weights}): the tape differentiated the "
            "weights. Ask for the gradient with respect to the input x, and tape.watch(x) first.": (weights,),
        },
        otherwise="Reduce the gradient of shape (samples, time_steps, features) to one value per step.",
        shown=lambda shape: f"shape {shape}",
        lesson=", one norm per input step",
        equal=lambda got, want: got == want,
    )


@pytest.mark.seeded
@pytest.mark.points(4)
@pytest.mark.parametrize("samples, time_steps, features", GRADIENT_CASES, ids=check.case_ids(GRADIENT_CASES))
def test_gradient_norms_match_finite_differences(kata, kata_seed, samples, time_steps, features):
    """The learner's norms, from a gradient tape, against an independent answer: each input
    value nudged up and down, on a float64 model with fixed weights."""
    rng = np.random.default_rng(kata_seed)
    x = rng.normal(size=(samples, time_steps, features))
    y = rng.integers(0, 2, (samples, 1)).astype(np.float64)
    model = check.fixed_model(time_steps, features, kata_seed)
    expected = check.finite_difference_norms(model, x, y)
    norms, call = check.learners_norms(kata.gradient_norms_through_time, model, x, y)
    if norms.shape != expected.shape:
        check.fail(f"{call} returned shape {norms.shape}; expected {expected.shape}: one norm per step.")
    check.check_result(
        norms,
        expected,
        call,
        wrong_gradients(model, x, y, expected),
        otherwise="Check the loss (binary cross-entropy of y and the model's output) and the axes: norm over the "
        "features, mean over the examples.",
        shown=check.short_array,
        lesson=", the norm over the features of d(loss of example i)/d(x[i, t]), averaged over the examples i, with "
        "the binary cross-entropy as the loss",
        equal=lambda got, want: np.allclose(got, want, rtol=1e-3, atol=1e-9),
    )


def wrong_gradients(model, x, y, expected):
    """What the plausible mistakes of gradient_norms_through_time return, and why each is wrong."""
    samples = len(x)

    def scaled_by(factor):
        return lambda norms: np.all(expected > 0) and np.isclose(np.median(norms / expected), factor, rtol=1e-2)

    return {
        f"Every norm is {samples} times too large: that is the sum over the {samples} examples; take their mean.": (
            scaled_by(samples)
        ),
        f"Every norm is {samples} times too small: you differentiated the batch's mean loss, which divides each "
        "example's gradient by the batch size. Differentiate each example's own loss (the vector of per-example "
        "losses, or their sum).": scaled_by(1 / samples),
        "These are the gradients of a loss told from_logits=True: it reads the model's probability as a logit "
        "and applies a sigmoid to it again. The model ends in a sigmoid, so leave from_logits out.": (
            lambda norms: np.allclose(
                norms, check.finite_difference_norms(model, x, y, losses=check.losses_from_logits), rtol=1e-3
            )
        ),
        "Every norm is 0: was the model called outside the tape, or the input not watched?": lambda norms: np.allclose(
            norms, 0
        ),
    }


# --------------------------------------------------------------------------- what they show

LONG = 40  # steps: long enough for the gradient to fade by orders of magnitude with the defaults
FADING_SHARE = check.pass_bar(__file__, "fading_share")
SHUT_GATE_SHARE = check.pass_bar(__file__, "shut_gate_share")
OPEN_GATE_SHARE = check.pass_bar(__file__, "open_gate_share")


@pytest.mark.seeded
@pytest.mark.points(1)
@pytest.mark.parametrize("cell", CELLS)
def test_the_gradient_fades_through_time_with_keras_defaults(kata, kata_seed, cell):
    """Over 40 steps, at initialization, the gradient that reaches step 0 is under kata.toml's
    fading_share of the one at the last step, for each of the three cells as Keras builds them."""
    keras.utils.set_random_seed(kata_seed)
    model, call = build(kata, cell, LONG, 1, 32)
    share, norms = check.first_to_last(model, call, kata_seed, LONG)
    if share >= FADING_SHARE:
        check.fail(
            f"With {call}, the gradient at step 0 is {share:.3g} times the one at step {LONG - 1}; "
            f"expected under {FADING_SHARE:g}. Norms per step: {check.sparkline(list(norms), log=True)}. "
            "If the model pools or flattens every step's output, each step reaches the output "
            "directly and nothing has to travel through time: let the recurrent layer hand on its "
            "last output only."
        )


@pytest.mark.seeded
@pytest.mark.points(3)
def test_an_open_forget_gate_carries_the_gradient_through_time(kata, kata_seed):
    """What decides whether an LSTM's gradient survives is its forget gate: with the gate's bias
    at 0 (the gate half shut) almost nothing reaches step 0 of 40, below kata.toml's
    shut_gate_share of the last step's; at 3 (the gate about 95% open) about as much as reaches
    the last step, above its open_gate_share."""
    keras.utils.set_random_seed(kata_seed)
    model, call = build(kata, "lstm", LONG, 1, 32)
    shut, _ = check.first_to_last(check.with_forget_bias(model, 0.0), call, kata_seed, LONG)
    open_, norms = check.first_to_last(check.with_forget_bias(model, 3.0), call, kata_seed, LONG)
    if not (shut < SHUT_GATE_SHARE and open_ > OPEN_GATE_SHARE):
        check.fail(
            f"On {call}, with the forget-gate bias at 0 the gradient at step 0 is {shut:.3g} times the "
            f"one at step {LONG - 1}, and with the bias at 3 it is {open_:.3g} times; expected under "
            f"{SHUT_GATE_SHARE:g} and over {OPEN_GATE_SHARE:g}. Norms per step with the bias at 3: "
            f"{check.sparkline(list(norms), log=True)}. "
            "Check that the LSTM's last output alone reaches the sigmoid unit, with nothing between them."
        )
