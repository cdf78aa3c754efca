"""Checks shared by the kata tests. Each one fails with a message that teaches.

Every message follows one template: the call, what came back, what was expected, and the
likely mistake. The tests inspect behaviour and public Keras properties (output shapes,
parameter counts, layer types and flags, compile settings, training results), never an exact
layer list, so any correct model passes however it is written.
"""

import math

import keras
import numpy as np
import pytest
from keras import layers

from grader.loading import library_that_raised


def fail(message):
    pytest.fail(message, pytrace=False)


# --------------------------------------------------------------------------- describing calls


def describe_value(value):
    if isinstance(value, np.ndarray):
        return f"<array of shape {value.shape}>"
    if isinstance(value, (list, tuple)) and len(value) > 6:
        return f"<{type(value).__name__} of {len(value)} values>"
    return repr(value)


def call_text(function_name, *args, **kwargs):
    """'build_many_to_one(time_steps=10, features=1, units=50)': how a message names a call."""
    parts = [describe_value(a) for a in args] + [f"{k}={describe_value(v)}" for k, v in kwargs.items()]
    return f"{function_name}({', '.join(parts)})"


def short_array(values, limit=8):
    values = np.asarray(values).ravel()
    shown = ", ".join(f"{v:.4g}" for v in values[:limit])
    return f"[{shown}{', ...' if values.size > limit else ''}]"


# --------------------------------------------------------------------------- windows and arrays


def case_ids(cases):
    """Readable ids for parametrized cases: (10, 1, 50) -> '10-1-50'."""
    return ["-".join(str(value) for value in case) for case in cases]


def distinct_series(length):
    """Every value different and not a plain index, so a shifted window cannot pass."""
    return np.round(np.sin(np.arange(length) * 0.7) * 10 + np.arange(length), 3)


# Arguments every windowing function must reject, as keyword arguments for parametrize.
BAD_WINDOW_ARGUMENTS = dict(
    argvalues=[
        (np.ones((4, 3)), 2, "series must be 1-D"),
        (np.arange(10.0), 0, "time_steps must be at least 1"),
        (np.arange(10.0), -2, "time_steps must be at least 1"),
        (np.arange(5.0), 5, "a series of length 5 leaves no value to predict after 5 steps"),
        (np.arange(3.0), 6, "a series of length 3 is shorter than 6 steps"),
    ],
    ids=["2-D series", "zero steps", "negative steps", "L equals steps", "L below steps"],
)


# (series length, time_steps) for the windowing tasks: several values, so nothing hard-coded passes.
WINDOW_CASES = [(20, 3), (12, 5), (7, 1)]


def windows_of(function, function_name, length, time_steps):
    """Call a learner's windowing function on a distinct series; return (series, x, y, call)."""
    series = distinct_series(length)
    call = call_text(function_name, f"<series of {length} values>", time_steps=time_steps)
    x, y = returned_pair(function(series, time_steps), call)
    return series, x, y, call


def input_windows(series, time_steps, start=0):
    """Row i is series[i + start : i + start + time_steps], for each of the L - time_steps windows.

    With start=1 this is the targets of kata 02, or inputs that start one step late; the last
    of those rows then needs a value past the end, so the series is padded with its last value.
    """
    count = len(series) - time_steps
    padded = np.append(series, [series[-1]] * start)
    return np.stack([padded[i + start : i + start + time_steps] for i in range(count)]).astype(np.float32)


def check_input_window_shape(x, call, length, time_steps):
    count = length - time_steps
    check_array(
        x,
        "x",
        call,
        (count, time_steps, 1),
        {
            (count, time_steps): "Add the feature axis: x[:, :, np.newaxis] or x.reshape(-1, time_steps, 1).",
            (count + 1, time_steps, 1): "There is one window too many: the last window has no next value.",
            (count - 1, time_steps, 1): "The last window is missing: there are L - time_steps windows.",
        },
    )


def check_input_window_values(x, series, call, time_steps):
    check_rows(
        x[:, :, 0],
        input_windows(series, time_steps),
        "x[:, :, 0]",
        call,
        lambda i: f"series[{i}:{i + time_steps}]",
        {
            "series[i + 1:i + 1 + time_steps], windows that start one step late": input_windows(
                series, time_steps, start=1
            )
        },
    )


def returned_pair(result, call):
    """The (x, y) pair a windowing function returns."""
    if not isinstance(result, tuple) or len(result) != 2:
        fail(
            f"{call} returned {type(result).__name__}; expected a tuple (x, y). "
            "End the function with `return x, y`."
        )
    return result


def check_array(array, name, call, expected_shape, likely_mistakes=None, any_float=False):
    """A float32 numpy array of `expected_shape`. `likely_mistakes` maps a wrong shape to why.
    With `any_float`, any floating dtype will do: for results read, not fed to Keras."""
    if not isinstance(array, np.ndarray):
        fail(
            f"{call} returned {name} as {type(array).__name__}; expected a numpy array. "
            f"Convert it with np.array({name}, dtype=np.float32)."
        )
    if array.shape != expected_shape:
        hint = (likely_mistakes or {}).get(array.shape, "")
        fail(
            f"{call} returned {name} with shape {array.shape}; expected {expected_shape}."
            + (f" {hint}" if hint else "")
        )
    if any_float and np.issubdtype(array.dtype, np.floating):
        return
    if array.dtype != np.float32:
        fail(
            f"{call} returned {name} with dtype {array.dtype}; expected float32, the dtype "
            f"Keras trains in. Use np.asarray(..., dtype=np.float32) or {name}.astype(np.float32)."
        )


def check_rows(array, expected, name, call, row_text, known_mistakes=None):
    """Compare `array` with `expected` row by row; report the first row that differs.

    `row_text(i)` says what row i should hold ("series[2:5]"); `known_mistakes` maps the
    description of a plausible mistake to the array that mistake would produce.
    """
    if np.allclose(array, expected):
        return
    for description, wrong in (known_mistakes or {}).items():
        if wrong.shape == array.shape and np.allclose(array, wrong):
            mistake = f" It matches {description}."
            break
    else:
        mistake = ""
    row = next(i for i in range(len(array)) if not np.allclose(array[i], expected[i]))
    fail(
        f"{call} returned {name}[{row}] = {short_array(array[row])}; expected "
        f"{row_text(row)} = {short_array(expected[row])}.{mistake}"
    )


def check_raises_value_error(function, call, why, *args, **kwargs):
    """`function(*args, **kwargs)` must raise ValueError: bad input gets a clear error."""
    try:
        function(*args, **kwargs)
    except ValueError as error:
        library = raised_inside_a_library(error)
        if library:
            fail(
                f"{call} raised ValueError from inside {library} ({error}), not from a check of "
                f"your own; expected a ValueError because {why}. Check the arguments first and "
                "`raise ValueError(...)` with a sentence that says what is wrong."
            )
        if not str(error).strip():
            fail(f"{call} raised ValueError with no message. Say what is wrong: {why}.")
        return
    except Exception as error:  # noqa: BLE001 - any other exception is the mistake reported
        fail(
            f"{call} raised {type(error).__name__}: {error}; expected a ValueError because "
            f"{why}. Check the arguments first and `raise ValueError(...)` with a sentence."
        )
    fail(
        f"{call} returned without raising; expected a ValueError because {why}. "
        "Check the arguments at the top of the function and `raise ValueError(...)`."
    )


def raised_inside_a_library(error):
    """The package ('numpy') whose code raised `error`, when the learner's code did not.

    conftest.py's watched() records which learner file a call ran in as `error.kata_call`;
    an error that came back from a grading child process says where it was raised itself.
    """
    if hasattr(error, "kata_library"):
        return error.kata_library
    _, learner_path = getattr(error, "kata_call", (None, None))
    if learner_path is None:
        return None
    return library_that_raised(error.__traceback__, learner_path)


# --------------------------------------------------------------------------- models


def build(function, function_name, input_hint="keras.Input(shape=(time_steps, features))", **kwargs):
    """Call a learner's model builder; return (model, call text) once it is a built Model."""
    call = call_text(function_name, **kwargs)
    model = function(**kwargs)
    if not isinstance(model, keras.Model):
        fail(
            f"{call} returned {type(model).__name__}; expected a keras.Model. "
            "Did you forget `return model`?"
        )
    try:
        model.inputs
    except (AttributeError, ValueError):
        fail(
            f"{call} returned a model that has not been built, so it has no input shape. "
            f"Start it with {input_hint}."
        )
    return model, call


# (input_steps, output_steps, features, units, output_dim) for the encoder-decoder katas:
# longer, shorter and equal outputs, so that input_steps in place of output_steps shows.
SEQUENCE_TO_SEQUENCE_CASES = [(8, 3, 1, 16, 1), (3, 7, 2, 8, 2), (5, 5, 1, 12, 3)]


def build_sequence_to_sequence(function, function_name, input_steps, output_steps, features, units, output_dim):
    return build(
        function,
        function_name,
        input_hint="keras.Input(shape=(input_steps, features))",
        input_steps=input_steps,
        output_steps=output_steps,
        features=features,
        units=units,
        output_dim=output_dim,
    )


def encoder_decoder_parameters(units, features, output_dim):
    """The parameter parts of an encoder LSTM, a decoder LSTM that reads `units` values per
    step, and a TimeDistributed Dense on `units` values (see check_parameter_count)."""
    return [
        ("LSTM (encoder)", "4*units*(units+features+1)", f"4*{units}*({units}+{features}+1)", lstm_parameters(units, features)),
        ("LSTM (decoder)", "4*units*(2*units+1)", f"4*{units}*(2*{units}+1)", lstm_parameters(units, units)),
        ("TimeDistributed(Dense)", "units*output_dim + output_dim", f"{units}*{output_dim} + {output_dim}", units * output_dim + output_dim),
    ]


def check_output_shape(model, call, time_steps, features, expected, likely_mistakes, meaning="", otherwise=""):
    """The model's output shape on zeros is `expected` (`meaning` says what it holds);
    `likely_mistakes` maps a wrong shape to why, and `otherwise` covers any other shape."""
    shape = run_on_zeros(model, call, time_steps, features)
    if shape != expected:
        fail(f"{call} returned output shape {shape}; expected {expected}{meaning}. " + likely_mistakes.get(shape, otherwise))


def run_on_zeros(model, call, time_steps, features, batch=3):
    """Call the model on a batch of zeros; return its output shape with None for the batch."""
    declared = tuple(model.inputs[0].shape)
    # Keras runs an LSTM on any length, so only the declared shape shows a hard-coded one.
    if len(declared) != 3 or any(
        size is not None and size != wanted for size, wanted in zip(declared[1:], (time_steps, features))
    ):
        fail(
            f"{call} built a model whose input shape is {declared}; expected "
            f"(None, {time_steps}, {features}). Use the time_steps and features arguments "
            "for keras.Input(shape=...), rather than fixed numbers."
        )
    try:
        output = model(np.zeros((batch, time_steps, features), dtype="float32"), training=False)
    except Exception as error:  # noqa: BLE001 - Keras explains a shape mismatch itself
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        fail(
            f"{call} built a model that cannot take a batch of shape "
            f"({batch}, {time_steps}, {features}): {type(error).__name__}: {first_line}\n"
            f"Its input shape is {tuple(model.inputs[0].shape)}; expected "
            f"(None, {time_steps}, {features}). Use the time_steps and features arguments "
            "for keras.Input(shape=...), rather than fixed numbers."
        )
    shape = tuple(output.shape)
    if len(shape) == 0 or shape[0] != batch:
        fail(f"{call} built a model whose output {shape} has no batch dimension of {batch}.")
    return (None,) + shape[1:]


def run_on_tokens(model, call, lengths=(5, 9), batch=3):
    """Call a token model on batches of ids of several lengths; return its output shape."""
    declared = tuple(model.inputs[0].shape)
    if len(declared) != 2 or declared[1] is not None:
        fail(
            f"{call} built a model whose input shape is {declared}; expected (None, None): "
            "batches of token ids of any length. Use keras.Input(shape=(None,), dtype=\"int32\")."
        )
    shapes = set()
    for length in lengths:
        tokens = np.ones((batch, length), dtype="int32")
        try:
            shapes.add(tuple(model(tokens, training=False).shape))
        except Exception as error:  # noqa: BLE001 - Keras explains a shape mismatch itself
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            fail(
                f"{call} built a model that cannot take token ids of shape ({batch}, {length}): "
                f"{type(error).__name__}: {first_line}"
            )
    shape = sorted(shapes)[0]
    return (None,) + shape[1:]


def embedding_layers(model):
    return [layer for layer, _ in walk_layers(model) if isinstance(layer, layers.Embedding)]


class RecurrentLayer:
    """What a test needs to know about one recurrent layer, wrappers included."""

    def __init__(self, layer, bidirectional=False):
        self.layer = layer
        self.bidirectional = bidirectional
        cell = getattr(layer, "cell", None)
        self.kind = type(cell).__name__.removesuffix("Cell") if cell is not None else type(layer).__name__
        self.units = getattr(cell, "units", None)
        config = layer.get_config()
        self.return_sequences = bool(config.get("return_sequences", False))
        self.go_backwards = bool(config.get("go_backwards", False))
        self.name = layer.name

    @property
    def is_lstm(self):
        return self.kind == "LSTM"

    def describe(self):
        text = f"{self.kind}({self.units}"
        if self.return_sequences:
            text += ", return_sequences=True"
        if self.go_backwards:
            text += ", go_backwards=True"
        text += ")"
        return f"Bidirectional({text})" if self.bidirectional else text


def walk_layers(model):
    """(layer, wrapper names) for every layer, looking inside nested models and wrappers."""
    for layer in model.layers:
        yield from _walk(layer, ())


def _walk(layer, wrappers):
    if isinstance(layer, keras.Model):
        for inner in layer.layers:
            yield from _walk(inner, wrappers)
    elif isinstance(layer, layers.Bidirectional):
        yield layer, wrappers
        yield from _walk(layer.forward_layer, wrappers + ("Bidirectional",))
    elif isinstance(layer, layers.TimeDistributed):
        yield layer, wrappers
        yield from _walk(layer.layer, wrappers + ("TimeDistributed",))
    else:
        yield layer, wrappers


def recurrent_layers(model):
    return [
        RecurrentLayer(layer, bidirectional="Bidirectional" in wrappers)
        for layer, wrappers in walk_layers(model)
        if isinstance(layer, layers.RNN)
    ]


def dense_layers(model):
    """(Dense layer, whether it sits inside TimeDistributed), in model order."""
    return [
        (layer, "TimeDistributed" in wrappers)
        for layer, wrappers in walk_layers(model)
        if isinstance(layer, layers.Dense)
    ]


def check_lstm_stack(
    model,
    call,
    layer_units,
    last_return_sequences=False,
    bidirectional=False,
    return_sequences=None,
    lessons=None,
    count_lesson=None,
):
    """One LSTM per entry of `layer_units`, in order. Every LSTM but the last returns sequences;
    the last returns sequences only if `last_return_sequences`. A list `return_sequences` sets
    each LSTM's flag instead, and `lessons` maps a position to what to say when that flag is
    wrong; `count_lesson` is what to say when the number of LSTMs is. With `bidirectional`, each LSTM is wrapped in Bidirectional; otherwise none is, and
    none reads backwards."""
    recurrent = recurrent_layers(model)
    found = ", ".join(r.describe() for r in recurrent) or "none"
    wanted = ", ".join(f"LSTM({units})" for units in layer_units)
    if len(recurrent) != len(layer_units):
        fail(
            f"{call} built a model with {len(recurrent)} recurrent layer(s) ({found}); expected "
            f"{len(layer_units)}: {wanted}."
            + (count_lesson or (" Build one LSTM per entry of layer_units, in a loop." if len(layer_units) > 1 else ""))
        )
    for position, (lstm, units) in enumerate(zip(recurrent, layer_units)):
        which = "its LSTM" if len(layer_units) == 1 else f"LSTM number {position + 1}"
        last = position == len(layer_units) - 1
        if not lstm.is_lstm:
            fail(
                f"{call} built {lstm.describe()} as {which}; expected LSTM({units}). These katas "
                f"are about the LSTM: use layers.LSTM, not layers.{lstm.kind}."
            )
        if lstm.bidirectional and not bidirectional:
            fail(
                f"{call} wraps {which} in Bidirectional; expected a plain LSTM({units}) that reads "
                "the sequence forwards. Bidirectional comes in kata 05."
            )
        if bidirectional and not lstm.bidirectional:
            fail(
                f"{call} built {lstm.describe()} as {which}; expected "
                f"Bidirectional(LSTM({units}, return_sequences=True)), one LSTM reading forwards "
                "and one backwards, so each step sees both its past and its future."
            )
        if lstm.units != units:
            fail(
                f"{call} built {lstm.describe()} as {which}; expected LSTM({units}). Take the "
                "number of units from the arguments instead of a fixed number."
            )
        if lstm.go_backwards and not lstm.bidirectional:
            fail(
                f"{call} built {lstm.describe()}; expected go_backwards=False. A backwards LSTM "
                "reads the latest step first, and its outputs come in reverse time order."
            )
        wanted_sequences = last_return_sequences if last else True
        if return_sequences is not None:
            wanted_sequences = return_sequences[position]
        if lstm.return_sequences != wanted_sequences:
            lesson = (lessons or {}).get(position) or return_sequences_lesson(model, wanted_sequences, last)
            fail(f"{call} built {lstm.describe()} as {which}; {lesson}")
    return recurrent


def return_sequences_lesson(model, wanted, last):
    if not wanted:
        return (
            "expected return_sequences=False on the last LSTM. The model predicts one value per "
            "sequence, so it keeps only the last LSTM's final output."
        )
    if not last:
        return (
            "expected return_sequences=True, because another LSTM follows it and an LSTM reads a "
            "sequence, not a single vector."
        )
    repeat = any(isinstance(layer, layers.RepeatVector) for layer, _ in walk_layers(model))
    return (
        "expected return_sequences=True. Without it the LSTM emits only its last step, and no "
        "layer after it can recover the others"
        + (": RepeatVector only copies that last step to every position." if repeat else ".")
    )


def check_dense_output(model, call, output_dim, time_distributed, activation="linear"):
    """The model ends in Dense(output_dim) with the given activation (linear for regression)."""
    dense = dense_layers(model)
    wanted = f"TimeDistributed(Dense({output_dim}))" if time_distributed else f"Dense({output_dim})"
    if not dense:
        fail(
            f"{call} built a model with no Dense layer; expected the LSTM to be followed by "
            f"{wanted}. An LSTM's own outputs lie between -1 and 1 and there are `units` of "
            "them; the Dense layer maps them to the target."
        )
    last, inside_time_distributed = dense[-1]
    if last.units != output_dim:
        fail(
            f"{call} ends in Dense({last.units}); expected Dense({output_dim}), one unit per "
            + (
                "target value. Use the output_dim argument rather than a fixed number."
                if output_dim > 1 or time_distributed
                else "sequence for the one value predicted."
            )
        )
    found = last.get_config().get("activation") or "linear"
    if found != activation:
        fail(f"{call} ends in Dense({last.units}, activation={found!r}); " + activation_lesson(activation, found))
    if time_distributed and not inside_time_distributed:
        fail(
            f"{call} applies Dense({output_dim}) directly to the LSTM's sequence; expected "
            f"TimeDistributed(Dense({output_dim})). Keras 3 would apply a plain Dense per step too, "
            "but this kata asks for TimeDistributed, which states the per-step intent."
        )


def activation_lesson(wanted, found):
    if wanted == "linear":
        return (
            "expected no activation (linear). The target is a real number that can be negative "
            f"or above 1; {found!r} squeezes the output into a fixed range, so the model can never "
            "reach it."
        )
    why = {
        "linear": " With no activation the output is any real number, not a probability.",
        "softmax": " Softmax over a single unit always outputs exactly 1.0, whatever the input.",
    }
    return (
        f"expected activation={wanted!r}, which turns the output into a probability between 0 "
        "and 1, as binary cross-entropy needs." + why.get(found, "")
    )


def lstm_parameters(units, input_dim):
    return 4 * units * (units + input_dim + 1)


def check_parameter_count(model, call, expected_parts, extra_hints=()):
    """`expected_parts` lists (layer, formula with names, formula with numbers, count);
    `extra_hints` are the kata's own explanations of a wrong count."""
    expected = sum(part[3] for part in expected_parts)
    actual = model.count_params()
    if actual == expected:
        return
    lines = [f"{call} has {actual:,} parameters; expected {expected:,}:"]
    for layer_name, formula, numbers, count in expected_parts:
        lines.append(f"  {layer_name:<10} {formula} = {numbers} = {count:,}")
    found = [
        f"{layer.name} ({type(layer).__name__}) {layer.count_params():,}"
        for layer in model.layers
        if layer.count_params()
    ]
    lines.append("Your model: " + "; ".join(found) + ".")
    hints = parameter_hints(model, expected_parts) + dense_count_hints(model, expected_parts, actual - expected)
    hints += list(extra_hints)
    if hints:
        lines.append("Likely mistake: " + " ".join(hints))
    fail("\n".join(lines))


def dense_count_hints(model, expected_parts, surplus):
    """A count too high by exactly one Dense layer's parameters: a Dense too many. (A missing
    Dense is parameter_hints' "no Dense layer".)"""
    wanted = sum("Dense" in part[0] for part in expected_parts)
    denses = [layer for layer, _ in dense_layers(model)]
    if surplus > 0 and len(denses) > wanted and any(layer.count_params() == surplus for layer in denses):
        return [f"the count is {surplus:,} too high, exactly one Dense layer's parameters: there is an extra Dense layer."]
    return []


def parameter_hints(model, expected_parts):
    """Why a parameter count is off, read off the model's layers and the expected parts."""
    hints = []
    recurrent = recurrent_layers(model)
    expected_lstms = [part for part in expected_parts if "LSTM" in part[0]]
    expect_bidirectional = any(part[0].startswith("Bidirectional") for part in expected_parts)
    for layer in recurrent:
        if not layer.is_lstm:
            hints.append(f"{layer.describe()} is not an LSTM; an LSTM has 4 gates, hence 4*units*(...).")
        elif layer.bidirectional and not expect_bidirectional:
            hints.append("Bidirectional doubles the LSTM's parameters; use a plain LSTM.")
        elif expect_bidirectional and not layer.bidirectional:
            hints.append("a Bidirectional LSTM holds two LSTMs, one per direction, hence 2*4*units*(...).")
    for layer, _ in walk_layers(model):
        if isinstance(layer, layers.Bidirectional) and layer.merge_mode != "concat":
            hints.append(
                f"merge_mode={layer.merge_mode!r} hands the next layer units values per step instead "
                "of 2*units; keep the default merge_mode='concat'."
            )
    if not dense_layers(model) and any("Dense" in part[0] for part in expected_parts):
        hints.append("there is no Dense layer after the LSTM.")
    if len(recurrent) != len(expected_lstms):
        hints.append(f"expected {len(expected_lstms)} LSTM layer(s), found {len(recurrent)}.")
    return hints


def loss_name(loss):
    """The name of a compiled loss however it was given: 'mse', a function or a Loss object."""
    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except (ValueError, TypeError):
            return loss
    if isinstance(loss, keras.losses.Loss):
        # Built-in Loss classes wrap the function of the same name: MeanSquaredError().fn.
        return getattr(getattr(loss, "fn", None), "__name__", type(loss).__name__)
    return getattr(loss, "__name__", repr(loss))


REGRESSION_LOSS = ("mean_squared_error", "mean squared error (loss='mse' or keras.losses.MeanSquaredError()), the loss for a regression target")
CLASSIFICATION_LOSS = ("binary_crossentropy", "binary cross-entropy (loss='binary_crossentropy' or keras.losses.BinaryCrossentropy()), the loss for a yes/no label")


def check_reports_accuracy(model, call, x, y):
    """model.evaluate() reports an accuracy: the metric a classifier is judged by."""
    try:
        results = model.evaluate(x, y, verbose=0, return_dict=True)
    except Exception as error:  # noqa: BLE001 - reported as a teaching message
        fail(f"{call}: model.evaluate() raised {type(error).__name__}: {error}")
    if not any("acc" in name for name in results):
        fail(
            f"{call} reports {sorted(results)} when evaluated; expected an accuracy too. "
            "Add metrics=[\"accuracy\"] to model.compile()."
        )


def check_compiled_with_adam(model, call, loss=REGRESSION_LOSS):
    """Compiled with Adam (any learning rate) and the loss `loss` = (name, how to ask for it)."""
    wanted_loss, how = loss
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        fail(
            f"{call} returned a model that is not compiled; expected model.compile(optimizer='adam', "
            f"loss=...) with {how.split(' (')[0]}, before `return model`."
        )
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.Adam) or isinstance(
        optimizer, keras.optimizers.AdamW
    ):
        fail(
            f"{call} is compiled with the {type(optimizer).__name__} optimizer; expected Adam "
            "(optimizer='adam' or keras.optimizers.Adam()). Adam adapts each weight's step size, "
            "which is why it is the default choice for LSTMs."
        )
    compiled_loss = model.loss
    if isinstance(compiled_loss, (list, tuple)) and len(compiled_loss) == 1:
        compiled_loss = compiled_loss[0]
    if isinstance(compiled_loss, dict) and len(compiled_loss) == 1:
        compiled_loss = next(iter(compiled_loss.values()))
    name = loss_name(compiled_loss)
    if name != wanted_loss:
        fail(f"{call} is compiled with loss {name}; expected {how}.")


# --------------------------------------------------------------------------- training


class StopWhenGoodEnough(keras.callbacks.Callback):
    """Stop as soon as the model is well past the bar: a right model passes fast."""

    def __init__(self, good_enough):
        super().__init__()
        self.good_enough = good_enough  # good_enough(model, logs) -> bool

    def on_epoch_end(self, epoch, logs=None):
        loss = (logs or {}).get("loss")
        if (loss is not None and not math.isfinite(loss)) or self.good_enough(self.model, logs or {}):
            self.model.stop_training = True


def train_and_predict(model, call, task, train, x_test, max_epochs, batch_size, good_enough):
    """Train `model` as the learner compiled it, then predict `x_test`; return (losses, predictions)."""
    x_train, y_train = train
    try:
        history = model.fit(
            x_train,
            y_train,
            batch_size=batch_size,
            epochs=max_epochs,
            verbose=0,
            shuffle=True,
            callbacks=[StopWhenGoodEnough(good_enough)],
        )
        predictions = np.asarray(model(x_test, training=False))
    except Exception as error:  # noqa: BLE001 - reported as a teaching message
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        fail(
            f"Training {call} on {task} raised {type(error).__name__}: {first_line}\n"
            f"The training data has x of shape {x_train.shape} and y of shape {y_train.shape}."
        )
    return history.history.get("loss", []), predictions


def report_margin(losses, score, bar):
    """A passing training test prints how close it came to the bar. pytest captures this, so
    learners never see it; tests/benchmark.py reads it from the JUnit report."""
    print(f"kata-training: epochs={len(losses)} score={score:.5g} bar={bar:.5g}")


def fail_training(call, task, seed, score_line, losses, targets, predictions, reasons):
    """Fail with the score, the learning curve, a few predictions and the likely mistakes."""
    shown = losses if len(losses) <= 12 else losses[:6] + ["..."] + losses[-5:]
    curve = " ".join(loss if loss == "..." else f"{loss:.3g}" for loss in shown)
    lines = [
        f"{call} did not learn {task} (seed {seed}).",
        score_line,
        f"Training loss per epoch: {sparkline(losses)}",
        f"Training loss over {len(losses)} epochs: {curve}",
        f"First targets:     {short_array(targets, 6)}",
        f"First predictions: {short_array(predictions, 6)}",
    ]
    if any(not math.isfinite(loss) for loss in losses):
        reasons = reasons + ["The loss became NaN: lower the learning rate or clip the gradients."]
    lines.append(
        "Likely mistake: " + " ".join(reasons)
        if reasons
        else "Check the architecture and the optimizer's learning rate (Adam's default, 0.001, works)."
    )
    fail("\n".join(lines))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values):
    """The learning curve in one line: a bar per epoch, its height the loss as a share of the
    highest (! for a NaN), then the first and last loss. A flat line did not learn; a line
    that falls and then levels off high learned what the design allows."""
    finite = [value for value in values if math.isfinite(value)]
    if not finite:
        return "(no finite loss)"
    low, high = min(0.0, min(finite)), max(finite)
    span = (high - low) or 1.0
    bars = "".join(
        SPARKS[round((value - low) / span * (len(SPARKS) - 1))] if math.isfinite(value) else "!"
        for value in values
    )
    return f"{bars}  {values[0]:.3g} -> {values[-1]:.3g}"


def check_learns(
    model, call, task, train, test, seed, required_ratio, max_epochs, batch_size=32, needs_the_future=False,
    decodes=False,
):
    """Train `model` as the learner compiled it; its held-out mean squared error must be below
    `required_ratio` times the error of always predicting the mean (the targets' variance).
    Training stops once the training loss is below 0.4 times that bar. `needs_the_future`
    says that each step's target depends on later steps, and `decodes` that the model is an
    encoder-decoder (where RepeatVector belongs), for the diagnosis."""
    x_test, y_test = test
    variance = float(np.var(y_test))
    required = required_ratio * variance
    stop_at = 0.4 * required_ratio * float(np.var(train[1]))
    losses, predictions = train_and_predict(
        model, call, task, train, x_test, max_epochs, batch_size,
        lambda _, logs: logs.get("loss", math.inf) <= stop_at,
    )
    if predictions.shape != y_test.shape:
        fail(f"{call} predicted shape {predictions.shape} for targets of shape {y_test.shape}.")
    error = float(np.mean((predictions - y_test) ** 2))
    if math.isfinite(error) and error <= required:
        return report_margin(losses, error, required)
    fail_training(
        call, task, seed,
        f"Held-out mean squared error {error:.4g}; required at most {required:.4g} "
        f"(always predicting the mean scores {variance:.4g}).",
        losses, y_test[0], predictions[0], training_diagnoses(model, "linear", needs_the_future, decodes),
    )


def check_learns_to_classify(model, call, task, train, test, seed, required_accuracy, max_epochs, batch_size=32):
    """Train `model` as the learner compiled it; its held-out accuracy (probability > 0.5 means
    label 1) must reach `required_accuracy`. Training stops once the training accuracy is two
    thirds of the way from that bar to 1."""
    (x_train, y_train), (x_test, y_test) = train, test
    stop_at = required_accuracy + 2 * (1 - required_accuracy) / 3

    def accuracy(probabilities, labels):
        return float(np.mean((np.asarray(probabilities) > 0.5) == (labels > 0.5)))

    losses, predictions = train_and_predict(
        model, call, task, train, x_test, max_epochs, batch_size,
        lambda trained, _: accuracy(trained(x_train, training=False), y_train) >= stop_at,
    )
    if predictions.shape != y_test.shape:
        fail(f"{call} predicted shape {predictions.shape} for labels of shape {y_test.shape}.")
    score = accuracy(predictions, y_test)
    if score >= required_accuracy:
        return report_margin(losses, score, required_accuracy)
    fail_training(
        call, task, seed,
        f"Held-out accuracy {score:.3f}; required at least {required_accuracy:.3f} "
        f"(guessing scores about {max(np.mean(y_test), 1 - np.mean(y_test)):.3f}).",
        losses, y_test[:6, 0], predictions[:6, 0], training_diagnoses(model, "sigmoid"),
    )


def training_diagnoses(model, output_activation, needs_the_future=False, decodes=False):
    """Why a model of the wrong design cannot learn a kata's task, read off its layers."""
    reasons = []
    if needs_the_future and not any(isinstance(layer, layers.Bidirectional) for layer, _ in walk_layers(model)):
        reasons.append(
            "each target depends on the steps after it, and an LSTM that reads forwards has not "
            "seen them yet at that step; wrap the LSTM in Bidirectional."
        )
    dense = dense_layers(model)
    if not dense:
        reasons.append(
            "there is no Dense layer after the LSTM, and an LSTM's outputs lie between -1 and 1."
        )
    else:
        found = dense[-1][0].get_config().get("activation") or "linear"
        if found != output_activation:
            reasons.append(f"the output Dense has activation={found!r}; " + activation_lesson(output_activation, found))
    recurrent = recurrent_layers(model)
    if any(layer.go_backwards and not layer.bidirectional for layer in recurrent):
        reasons.append(
            "the LSTM has go_backwards=True: it reads the sequence from the end and returns its "
            "outputs in reverse order, so step t no longer sees the inputs up to t."
        )
    if not decodes and any(isinstance(layer, layers.RepeatVector) for layer, _ in walk_layers(model)):
        reasons.append(
            "RepeatVector copies the LSTM's last output to every step, so every step gets the "
            "same prediction; use return_sequences=True to keep one output per step."
        )
    return reasons


# --------------------------------------------------------------------------- attention


def attention_layers(model):
    """The dot-product Attention layers (AdditiveAttention subclasses Attention, so it is left out)."""
    return [
        layer
        for layer, _ in walk_layers(model)
        if isinstance(layer, layers.Attention) and not isinstance(layer, layers.AdditiveAttention)
    ]


def attention_tensors(model, layer, x):
    """The query, the values and the context that `layer` computes inside `model` for inputs
    `x`, as arrays, read through a model that stops at the layer."""
    query, value = layer.input[:2]
    probe = keras.Model(model.input, [query, value, layer.output])
    return [keras.ops.convert_to_numpy(array) for array in probe(x, training=False)]


def attention_weights(model, x):
    """The weights `model`'s Attention layer gives for `x`: (num_samples, output_steps, input_steps)."""
    layer = attention_layers(model)[0]
    query_and_value = keras.Model(model.input, layer.input)(x, training=False)
    _, scores = layer(query_and_value, return_attention_scores=True)
    return keras.ops.convert_to_numpy(scores)


HEATMAP_SHADES = " .:-=+*#%@"


def attention_heatmap(scores, looked_for=None):
    """One example's attention weights as text: a row per output step, a column per input step,
    darker for more weight. `looked_for[j]` marks with [ ] the input step output j should read."""
    output_steps, input_steps = scores.shape
    lines = ["output step \\ input step " + "".join(f"{step:^4}" for step in range(input_steps))]
    for row in range(output_steps):
        cells = []
        for step in range(input_steps):
            weight = float(np.clip(scores[row, step], 0.0, 1.0))
            shade = HEATMAP_SHADES[min(int(weight * len(HEATMAP_SHADES)), len(HEATMAP_SHADES) - 1)]
            marked = looked_for is not None and looked_for[row] == step
            cells.append(f"[{shade * 2}]" if marked else f" {shade * 2} ")
        strongest = int(np.argmax(scores[row]))
        lines.append(f"{row:>11}              {''.join(cells)}  max {scores[row, strongest]:.2f} at step {strongest}")
    legend = "Darker means more weight (blank 0, @ 1)"
    lines.append(legend + ("; [ ] marks the input step the task says to read." if looked_for is not None else "."))
    return "\n".join(lines)


# --------------------------------------------------------------------------- toy tasks


def sine_wave_windows(rng, count, time_steps=10):
    """Windows of sine waves with random phase and frequency; the target is the next value.

    The amplitude is 2, so a model whose output is squeezed into (-1, 1) or (0, 1) cannot fit it.
    """
    phase = rng.uniform(0, 2 * np.pi, (count, 1))
    frequency = rng.uniform(0.3, 0.6, (count, 1))
    waves = 2.0 * np.sin(frequency * np.arange(time_steps + 1) + phase)
    return waves[:, :time_steps, None].astype(np.float32), waves[:, time_steps:].astype(np.float32)


def running_sums(rng, count, time_steps=10, from_the_end=False):
    """Random inputs in [-1, 1]; the target at step t is the sum of the inputs up to step t,
    or with `from_the_end`, the sum of the inputs from step t to the last."""
    x = rng.uniform(-1, 1, (count, time_steps, 1)).astype(np.float32)
    if from_the_end:
        return x, np.cumsum(x[:, ::-1], axis=1)[:, ::-1].astype(np.float32)
    return x, np.cumsum(x, axis=1).astype(np.float32)
