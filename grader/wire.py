"""What crosses between the grader's trusted side and a student's child process: data only.

Arrays travel as .npy bytes whose header must match their data (no pickles); Keras models as
their JSON config, checked against exact (module, class) pairs and a parameter bound before it
is built, plus their weights as arrays; a History as its dicts. A reply is refused as soon as it
declares more bytes or arrays than the limits below. Nothing is ever unpickled, and no saved
model is loaded.

Both sides use this file: the child gets a copy of it, never the rest of the repository.
"""

import io
import json
import struct

import numpy as np

# The Keras classes a kata model, or its compile config, may name: exact (module, class) pairs,
# checked through every wrapper, cell and nested model before Keras sees the config. Anything
# else, however it is spelled, is refused, so rebuilding never imports a module a student named.
ALLOWED_CLASSES = {
    "keras.layers": {
        "InputLayer", "Dense", "Embedding", "Masking", "Dropout", "SpatialDropout1D", "Activation",
        "LSTM", "LSTMCell", "GRU", "GRUCell", "SimpleRNN", "SimpleRNNCell", "RNN", "StackedRNNCells",
        "Bidirectional", "TimeDistributed", "RepeatVector", "Attention", "AdditiveAttention",
        "Concatenate", "Add", "Average", "Multiply", "Dot", "Flatten", "Reshape", "Permute",
        "LayerNormalization", "BatchNormalization", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
        "Conv1D",
    },
    "keras.initializers": {
        "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
        "Orthogonal", "RandomUniform", "RandomNormal", "TruncatedNormal", "VarianceScaling",
        "Zeros", "Ones", "Constant", "Identity",
    },
    "keras.regularizers": {"L1", "L2", "L1L2", "OrthogonalRegularizer"},
    "keras.constraints": {"MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"},
    "keras.optimizers": {"Adam", "AdamW", "Adamax", "Nadam", "SGD", "RMSprop", "Adagrad", "Adadelta", "Ftrl", "Lion"},
    "keras.optimizers.schedules": {"ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay",
                                   "PolynomialDecay", "CosineDecay", "CosineDecayRestarts"},
    "keras.losses": {"MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
                     "MeanSquaredLogarithmicError", "Huber", "LogCosh", "BinaryCrossentropy",
                     "BinaryFocalCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy"},
    "keras.metrics": {"MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError",
                      "MeanAbsolutePercentageError", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
                      "SparseCategoricalAccuracy", "AUC", "Precision", "Recall", "Mean", "BinaryCrossentropy",
                      "CategoricalCrossentropy", "SparseCategoricalCrossentropy"},
    "keras": {"Sequential", "DTypePolicy"},
    "keras.src.models.functional": {"Functional"},
    "keras.src.models.sequential": {"Sequential"},
    # The mask an Embedding hands on, as a Functional model records it.
    "keras.src.ops.numpy": {"NotEqual"},
}
# Losses, metrics and activations given as functions: the config holds the function's name.
ALLOWED_FUNCTIONS = {
    "tanh", "sigmoid", "hard_sigmoid", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu",
    "swish", "softplus", "softsign", "softmax", "log_softmax", "linear", "exponential",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_accuracy",
    "categorical_accuracy", "sparse_categorical_accuracy",
}
# No kata needs a model near this size; a config that asks for more is refused before it is
# built, so a one-line Embedding(125_000_000, 4) cannot take the trusted process's memory.
PARAMETER_LIMIT = 5_000_000
# What one reply from a student's child may hold: no kata answer comes near these.
REPLY_BYTES_LIMIT = 64 * 2**20
REPLY_ARRAYS_LIMIT = 256
HEADER_BYTES_LIMIT = 4 * 2**20
# Characters of any text from the child (an error message, printed output) that are kept.
TEXT_LIMIT = 4000
HEADER = struct.Struct("<QI")
LENGTH = struct.Struct("<Q")


class RefusedData(ValueError):
    """Data from a child that the trusted side will not turn back into objects."""


# --------------------------------------------------------------------------- framing


def send(stream, payload, arrays=()):
    """Write one message: a JSON payload and the arrays it refers to by index."""
    stream.write(pack(payload, arrays))
    stream.flush()


def pack(payload, arrays=()):
    """One message as bytes: a header, the JSON payload, then each array as .npy bytes."""
    header = json.dumps(payload).encode()
    parts = [HEADER.pack(len(header), len(arrays)), header]
    for array in arrays:
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(array), allow_pickle=False)
        parts += [LENGTH.pack(len(buffer.getvalue())), buffer.getvalue()]
    return b"".join(parts)


def receive(stream):
    """Read one message from a trusted peer (the child reads its requests so); EOFError if the
    other side has gone. The trusted side reads a child's replies with MessageReader instead."""
    reader = MessageReader(byte_limit=2**40, array_limit=2**20, header_limit=2**40)
    while True:
        chunk = stream.read(reader.wanted())
        if not chunk:
            raise EOFError("the other side closed the connection")
        message = reader.feed(chunk)
        if message is not None:
            return message


class MessageReader:
    """Builds one message from the bytes fed to it, refusing it as soon as what it declares
    passes the limits: the caller reads under its own deadline, a chunk at a time."""

    def __init__(self, byte_limit=REPLY_BYTES_LIMIT, array_limit=REPLY_ARRAYS_LIMIT, header_limit=HEADER_BYTES_LIMIT):
        self.byte_limit = byte_limit
        self.array_limit = array_limit
        self.header_limit = header_limit
        self.buffer = bytearray()
        self.need = HEADER.size  # bytes the next step of parsing waits for

    def wanted(self):
        return max(1, min(self.need - len(self.buffer), 2**20))

    def feed(self, chunk):
        """Add bytes; return (payload, arrays) once the message is whole, else None."""
        self.buffer += chunk
        if len(self.buffer) > self.byte_limit:
            raise RefusedData(f"a reply of more than {self.byte_limit} bytes")
        return self.parse()

    def parse(self):
        # A memoryview of the buffer blocks its growth while it lives: release it on every path.
        with memoryview(self.buffer) as data:
            return self.parse_view(data)

    def parse_view(self, data):
        if len(data) < HEADER.size:
            self.need = HEADER.size
            return None
        header_size, count = HEADER.unpack(data[:HEADER.size])
        if header_size > self.header_limit:
            raise RefusedData(f"a reply header of {header_size} bytes")
        if count > self.array_limit:
            raise RefusedData(f"a reply of {count} arrays")
        offset = HEADER.size + header_size
        blobs = []
        for _ in range(count):
            if len(data) < offset + LENGTH.size:
                self.need = offset + LENGTH.size
                return None
            (size,) = LENGTH.unpack(data[offset:offset + LENGTH.size])
            offset += LENGTH.size
            if offset + size > self.byte_limit:
                raise RefusedData(f"a reply of more than {self.byte_limit} bytes")
            blobs.append((offset, size))
            offset += size
        if len(data) < offset:
            self.need = offset
            return None
        if len(data) > offset:
            raise RefusedData("bytes after the end of a reply")
        payload = json.loads(bytes(data[HEADER.size:HEADER.size + header_size]))
        return payload, [load_array(bytes(data[start:start + size])) for start, size in blobs]


def load_array(blob):
    """An array from .npy bytes: no pickles, and a header that matches the data that came."""
    stream = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(stream)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}[version]
        shape, fortran_order, dtype = read_header(stream)
    except (KeyError, ValueError, SyntaxError, TypeError) as error:
        raise RefusedData(f"an array that is not a .npy array ({error})") from None
    if dtype.hasobject:
        raise RefusedData("an array of Python objects")
    count = 1
    for size in shape:
        count *= size
    body = blob[stream.tell():]
    if count * dtype.itemsize != len(body):
        raise RefusedData(f"an array whose header says {shape} but whose data is {len(body)} bytes")
    array = np.frombuffer(body, dtype=dtype, count=count)
    return array.reshape(shape, order="F" if fortran_order else "C").copy()


# --------------------------------------------------------------------------- values


def encode(value, arrays, same_as=()):
    """A JSON-able description of `value`; arrays go to the list `arrays`. A model that is one
    of `same_as` (the call's arguments) is sent as a reference to it, plus its new state."""
    import keras

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        if value.dtype.hasobject:
            return {"unsupported": f"object array ({value.dtype})"}
        arrays.append(value)
        return {"array": len(arrays) - 1, "scalar": isinstance(value, np.generic)}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [encode(item, arrays, same_as) for item in value]}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"dict": {key: encode(item, arrays, same_as) for key, item in value.items()}}
    if isinstance(value, keras.Model):
        return {"model": model_data(value, arrays, same_as)}
    if isinstance(value, keras.callbacks.History):
        return {
            "history": {
                "history": encode(value.history, arrays),
                "params": encode(value.params, arrays),
                "epoch": encode(list(value.epoch), arrays),
                "model": encode(value.model, arrays, same_as) if value.model is not None else None,
            }
        }
    return {"unsupported": type(value).__name__}


def decode(data, arrays, models=()):
    """The value that `encode` described. `models` are the objects a reference may name."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise RefusedData(f"unexpected data {str(data)[:80]}")
    if "array" in data:
        array = arrays[data["array"]]
        return array[()] if data.get("scalar") else array
    if "list" in data:
        return [decode(item, arrays, models) for item in data["list"]]
    if "tuple" in data:
        return tuple(decode(item, arrays, models) for item in data["tuple"])
    if "dict" in data:
        return {str(key): decode(item, arrays, models) for key, item in data["dict"].items()}
    if "model" in data:
        return rebuild_model(data["model"], arrays, models)
    if "history" in data:
        return rebuild_history(data["history"], arrays, models)
    if "unsupported" in data:
        return unsupported(str(data["unsupported"]))
    raise RefusedData(f"unexpected data {str(data)[:80]}")


def unsupported(type_name):
    """A stand-in for a value that cannot cross, named like it, so that a test says what came
    back ("returned EagerTensor; expected a numpy array") as it would in a plain run."""
    return type(type_name, (), {"__repr__": lambda self: f"<{type_name}>"})()


# --------------------------------------------------------------------------- models


def model_data(model, arrays, same_as=()):
    same = next((index for index, other in enumerate(same_as) if other is model), None)
    compile_config = model.get_compile_config() if getattr(model, "compiled", False) else None
    first = len(arrays)
    arrays.extend(np.asarray(weight) for weight in model.get_weights())
    return {
        "config": model.to_json(),
        "compile": compile_config,
        "weights": [first, len(arrays)],
        "same_as": same,
    }


def rebuild_model(data, arrays, models=()):
    """A model of built-in layers made from a config, after checking every class in it."""
    import keras

    config = json.loads(data["config"])
    check_classes(config)
    parameters = estimated_parameters(config)
    if parameters > PARAMETER_LIMIT:
        raise RefusedData(f"a model of up to {parameters:,} parameters, more than the {PARAMETER_LIMIT:,} "
                          "the grader builds (no kata needs a model this size)")
    if data.get("compile") is not None:
        check_classes(data["compile"])
    same = data.get("same_as")
    if same is not None:
        if not (isinstance(same, int) and 0 <= same < len(models)):
            raise RefusedData("a reference to an argument that was not sent")
        model = models[same]
    else:
        model = keras.saving.deserialize_keras_object(config, safe_mode=True)
    first, last = data["weights"]
    weights = arrays[first:last]
    if weights:
        model.set_weights(weights)
    if data.get("compile") is not None:
        model.compile_from_config(data["compile"])
    return model


def rebuild_history(data, arrays, models=()):
    import keras

    history = keras.callbacks.History()
    history.history = decode(data["history"], arrays, models)
    history.params = decode(data["params"], arrays, models)
    history.epoch = decode(data["epoch"], arrays, models)
    if data.get("model") is not None:
        history.set_model(decode(data["model"], arrays, models))
    return history


def check_classes(config):
    """Refuse any class in a config that is not one of ALLOWED_CLASSES (no Lambda, no custom
    objects, no module a student named): rebuilding a config must never run code a student
    wrote."""
    if isinstance(config, list):
        for item in config:
            check_classes(item)
        return
    if not isinstance(config, dict):
        return
    if "class_name" in config:
        check_class(config.get("module"), config["class_name"], config.get("registered_name"), config.get("config"))
    for value in config.values():
        check_classes(value)


def check_class(module, class_name, registered_name, config):
    if class_name == "__keras_tensor__" and module is None:
        return
    if class_name == "function" and module == "builtins":
        if isinstance(config, str) and config in ALLOWED_FUNCTIONS:
            return
        raise RefusedData(f"the function {str(config)[:80]!r}, which is not a Keras loss, metric or activation the katas use")
    if registered_name not in (None, class_name):
        raise RefusedData(f"the custom object {str(registered_name)[:80]!r}")
    if isinstance(module, str) and class_name in ALLOWED_CLASSES.get(module, ()):
        return
    if class_name == "Lambda":
        raise RefusedData("a Lambda layer, which runs code that its config does not describe")
    raise RefusedData(f"the class {str(module)[:80]}.{str(class_name)[:80]}, which is not a built-in Keras class a kata uses")


def estimated_parameters(config):
    """An upper bound on the weights a model config would build, read from the config alone.
    Every layer is charged as if its input were as wide as all the widths in the model put
    together, so the bound holds for any wiring."""
    layers = list(_class_configs(config))
    width = 1
    for _, layer in layers:
        for key in ("units", "output_dim", "filters"):
            width += _number(layer.get(key))
        shape = layer.get("batch_shape") or layer.get("batch_input_shape")
        if isinstance(shape, list) and shape:
            width += _number(shape[-1])
    total = 0
    for class_name, layer in layers:
        units = _number(layer.get("units"))
        if class_name in ("LSTM", "LSTMCell"):
            total += 4 * units * (width + units + 1)
        elif class_name in ("GRU", "GRUCell"):
            total += 3 * units * (width + units + 2)
        elif class_name in ("SimpleRNN", "SimpleRNNCell", "Dense"):
            total += units * (width + units + 1)
        elif class_name == "Embedding":
            total += _number(layer.get("input_dim")) * _number(layer.get("output_dim"))
        elif class_name == "Conv1D":
            kernel = layer.get("kernel_size")
            kernel = _number(kernel[0] if isinstance(kernel, list) and kernel else kernel)
            total += (kernel * width + 1) * _number(layer.get("filters"))
        elif class_name in ("AdditiveAttention", "LayerNormalization", "BatchNormalization", "Attention"):
            total += 4 * width + 1
    return total


def _class_configs(config):
    """(class name, its config dict) for every object in a config, wrappers' insides too."""
    if isinstance(config, list):
        for item in config:
            yield from _class_configs(item)
    elif isinstance(config, dict):
        if "class_name" in config and isinstance(config.get("config"), dict):
            yield str(config["class_name"]), config["config"]
        for value in config.values():
            yield from _class_configs(value)


def _number(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
