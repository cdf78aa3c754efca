"""The size of the model a config describes, read from its real shapes before a weight exists.

A student's model comes back as a config, and building it allocates every weight it names. So
before it is built, each layer is made from its config alone (no weights), and Keras's own
`compute_output_shape` carries the shapes from the inputs through the graph, nested models and
wrappers included. Each layer's weights are then counted from the width that really reaches
it, so a Flatten or a RepeatVector that multiplies a width is counted as wide as it makes it,
and the largest activation of one example is the largest output shape met. A dimension the
config leaves open (None) counts as OPEN_DIMENSION: the tests' own inputs are far smaller.
"""

from __future__ import annotations

import copy
import math
from typing import Any

try:
    from kata_runtime.allowlist import ACTIVATION_LIMIT, PARAMETER_LIMIT, RefusedData
except ImportError:  # the child runs its copy of the runtime as plain modules
    from allowlist import ACTIVATION_LIMIT, PARAMETER_LIMIT, RefusedData

OPEN_DIMENSION = 1000
# The parameters of one layer, from its config and the width of its input (the last dimension).
WEIGHTS = {
    "Dense": lambda config, width: units(config) * (width + 1),
    "LSTM": lambda config, width: 4 * units(config) * (width + units(config) + 1),
    "LSTMCell": lambda config, width: 4 * units(config) * (width + units(config) + 1),
    "GRU": lambda config, width: 3 * units(config) * (width + units(config) + 2),
    "GRUCell": lambda config, width: 3 * units(config) * (width + units(config) + 2),
    "SimpleRNN": lambda config, width: units(config) * (width + units(config) + 1),
    "SimpleRNNCell": lambda config, width: units(config) * (width + units(config) + 1),
    "Embedding": lambda config, width: number(config.get("input_dim")) * number(config.get("output_dim")),
    "Conv1D": lambda config, width: (kernel(config) * width + 1) * number(config.get("filters")),
    "Conv2D": lambda config, width: (kernel_area(config) * width + 1) * number(config.get("filters")),
    "ConvLSTM2D": lambda config, width: (
        4 * number(config.get("filters")) * (kernel_area(config) * (width + number(config.get("filters"))) + 1)
    ),
    "LayerNormalization": lambda config, width: 2 * width,
    "BatchNormalization": lambda config, width: 4 * width,
    "AdditiveAttention": lambda config, width: width,
    "Attention": lambda config, width: 2,
}


class ShapeProblem(ValueError):
    """A config whose shapes cannot be carried through: it is refused, not built."""


class Size:
    def __init__(self):
        self.parameters = 0
        self.largest = 0

    def add_output(self, shape: tuple) -> None:
        self.largest = max(self.largest, math.prod(open_as_bound(dimension) for dimension in shape[1:]))


def check_size(config: dict) -> None:
    """Refuse (RefusedData, with its sentence) a model config too large to build."""
    try:
        parameters, activation = model_size(config)
    except ShapeProblem as problem:
        raise RefusedData(str(problem)) from None
    if parameters > PARAMETER_LIMIT:
        raise RefusedData(
            f"a model of up to {parameters:,} parameters, more than the {PARAMETER_LIMIT:,} "
            "the grader builds (no kata needs a model this size)"
        )
    if activation > ACTIVATION_LIMIT:
        raise RefusedData(
            f"a model whose layers output up to {activation:,} values per example, more than the "
            f"{ACTIVATION_LIMIT:,} the grader runs (no kata needs a layer this wide)"
        )


def model_size(config: dict) -> tuple[int, int]:
    """(parameters, largest activation per example) of the model a config describes."""
    size = Size()
    inner = config.get("config") if isinstance(config, dict) else None
    if not isinstance(inner, dict):
        raise ShapeProblem("a model config without its layers")
    if config.get("class_name") != "Sequential":
        functional_outputs(inner, None, size)
        return size.parameters, size.largest
    given = sequential_input(inner)
    if given:
        sequential_outputs(inner, given, size)
        return size.parameters, size.largest
    # An unbuilt Sequential takes the shape of the first input it meets: it is counted at the
    # largest it could be, over the ranks a kata's inputs have.
    measured, problem = [], None
    for shape in [(None, None), (None, None, None)]:
        trial = Size()
        try:
            sequential_outputs(inner, shape, trial)
            measured.append((trial.parameters, trial.largest))
        except ShapeProblem as error:
            problem = error
    if not measured:
        raise problem
    return max(parameters for parameters, _ in measured), max(largest for _, largest in measured)


def sequential_input(config: dict) -> tuple | None:
    layers = config.get("layers") or []
    first = layers[0].get("config", {}) if layers and isinstance(layers[0], dict) else {}
    for shape in (
        first.get("batch_shape"),
        first.get("batch_input_shape"),
        config.get("build_input_shape"),
        (config.get("build_config") or {}).get("input_shape"),
    ):
        if isinstance(shape, list) and shape:
            return tuple(shape)
    return None


def sequential_outputs(config: dict, shape: tuple, size: Size) -> list:
    for layer_config in config.get("layers") or []:
        if layer_config.get("class_name") == "InputLayer":
            size.add_output(shape)
            continue
        shape = single(layer_outputs(layer_config, [shape], size))
    return [shape]


def functional_outputs(config: dict, given_inputs: list, size: Size) -> list:
    """The output shapes of a Functional config, given its input shapes (None: its own)."""
    tensors = {}  # (layer name, node index, tensor index) -> shape
    inputs = [reference[0] for reference in references(config.get("input_layers"))]
    for layer_config in config.get("layers") or []:
        name = layer_config.get("name")
        if layer_config.get("class_name") == "InputLayer":
            shape = tuple(layer_config.get("config", {}).get("batch_shape") or ())
            if given_inputs is not None and name in inputs and inputs.index(name) < len(given_inputs):
                shape = tuple(given_inputs[inputs.index(name)])
            tensors[(name, 0, 0)] = shape
            size.add_output(shape)
            continue
        for node_index, node in enumerate(layer_config.get("inbound_nodes") or []):
            arguments = [shape_of(argument, tensors) for argument in node.get("args", [])]
            for tensor_index, shape in enumerate(layer_outputs(layer_config, arguments, size)):
                tensors[(name, node_index, tensor_index)] = shape
    return [tensors.get(tuple(reference), ()) for reference in references(config.get("output_layers"))]


def references(recorded: Any) -> list[tuple]:
    """[[layer name, node index, tensor index], ...], however many a config records."""
    recorded = recorded or []
    return (
        [recorded]
        if recorded and isinstance(recorded[0], str)
        else [item for item in recorded if isinstance(item, list)]
    )


def shape_of(argument: Any, tensors: dict) -> Any:
    """The shape of a recorded tensor argument, or a list of them, from the shapes carried so far."""
    if isinstance(argument, list):
        return [shape_of(item, tensors) for item in argument]
    if isinstance(argument, dict) and argument.get("class_name") == "__keras_tensor__":
        history = argument.get("config", {}).get("keras_history") or []
        if tuple(history) not in tensors:
            raise ShapeProblem("a layer whose input comes from no layer before it")
        return tensors[tuple(history)]
    return argument


def layer_outputs(layer_config: dict, arguments: list, size: Size) -> list:
    """The output shapes of one layer called on `arguments`; its weights and outputs go into
    `size`."""
    import keras

    class_name = layer_config.get("class_name")
    config = layer_config.get("config") or {}
    if class_name in ("Sequential", "Functional"):
        inner = Size()
        shapes = (
            sequential_outputs(config, arguments[0], inner)
            if class_name == "Sequential"
            else functional_outputs(config, arguments if not isinstance(arguments[0], list) else arguments[0], inner)
        )
        size.parameters += inner.parameters
        size.largest = max(size.largest, inner.largest)
        return shapes
    wrapped = config.get("layer") if isinstance(config.get("layer"), dict) else {}
    if class_name == "TimeDistributed" and wrapped.get("class_name") in ("Sequential", "Functional"):
        # A whole model run on every step: measured on one step, then given the steps back.
        if not arguments or not is_shape(arguments[0]) or len(arguments[0]) < 3:
            raise ShapeProblem("a TimeDistributed model given no sequence")
        steps = arguments[0][:2]
        shapes = layer_outputs(wrapped, [(steps[0], *arguments[0][2:])], size)
        shapes = [(*steps, *shape[1:]) for shape in shapes]
        for shape in shapes:
            size.add_output(shape)
        return shapes
    size.parameters += weights_of(class_name, config, arguments)
    try:
        # A copy: Keras's from_config pops keys from the config it is given (a wrapper's layer).
        layer = keras.saving.deserialize_keras_object(copy.deepcopy(layer_config), safe_mode=True)
        compute = getattr(layer, "compute_output_shape", None)
        if compute is None:  # an operation such as the mask's not_equal: it keeps its input's shape
            shapes = [arguments[0]]
        else:
            shapes = compute(*[tuple(argument) if is_shape(argument) else argument for argument in arguments])
    except ShapeProblem:
        raise
    except Exception as error:  # noqa: BLE001 - a config that Keras cannot carry a shape through
        raise ShapeProblem(
            f"a {class_name} layer whose output shape cannot be worked out ({type(error).__name__}: {str(error)[:120]})"
        ) from None
    shapes = [tuple(shapes)] if is_shape(shapes) else [tuple(shape) for shape in flat(shapes)]
    for shape in shapes:
        size.add_output(shape)
    return shapes


def weights_of(class_name: str | None, config: dict, arguments: list) -> int:
    """The parameters of one layer: wrappers count what they wrap, as wide as their input."""
    width = open_as_bound(arguments[0][-1]) if arguments and is_shape(arguments[0]) and arguments[0] else 1
    inner = config.get("layer") if isinstance(config.get("layer"), dict) else None
    if class_name == "Bidirectional" and inner is not None:
        backward = config.get("backward_layer") if isinstance(config.get("backward_layer"), dict) else inner
        return weights_of(inner.get("class_name"), inner.get("config") or {}, arguments) + weights_of(
            backward.get("class_name"), backward.get("config") or {}, arguments
        )
    if class_name == "TimeDistributed" and inner is not None:
        return weights_of(inner.get("class_name"), inner.get("config") or {}, arguments)
    if class_name == "RNN" and isinstance(config.get("cell"), dict):
        cell = config["cell"]
        return weights_of(cell.get("class_name"), cell.get("config") or {}, arguments)
    if class_name == "StackedRNNCells":
        total = 0
        for cell in config.get("cells") or []:
            if isinstance(cell, dict):
                total += weights_of(cell.get("class_name"), cell.get("config") or {}, [(None, width)])
                width = units(cell.get("config") or {}) or width
        return total
    return WEIGHTS.get(class_name, lambda *_: 0)(config, width)


def single(shapes: list) -> tuple:
    if len(shapes) != 1:
        raise ShapeProblem("a layer of a Sequential model with more than one output")
    return shapes[0]


def flat(shapes: list) -> list:
    """The shapes in a nested structure of them (a layer that returns its states)."""
    if is_shape(shapes):
        return [shapes]
    return [shape for item in shapes for shape in flat(item)]


def is_shape(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(item is None or isinstance(item, int) for item in value)


def open_as_bound(dimension: int | None) -> int:
    return OPEN_DIMENSION if dimension is None else max(int(dimension), 0)


def units(config: dict) -> int:
    return number(config.get("units"))


def kernel(config: dict) -> int:
    size = config.get("kernel_size")
    return number(size[0] if isinstance(size, list) and size else size)


def kernel_area(config: dict) -> int:
    """A 2-D kernel's height times width: kernel_size=3 or (3, 3) is 9."""
    size = config.get("kernel_size")
    if isinstance(size, list) and len(size) == 2:
        return number(size[0]) * number(size[1])
    return number(size) ** 2


def number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
