"""What crosses between the grader's trusted side and a student's child process: data only.

Arrays travel as .npy bytes read with allow_pickle=False; Keras models as their JSON config,
checked against an allowlist of built-in Keras classes, plus their weights as arrays; a
History as its dicts. Nothing is ever unpickled, and no saved model is loaded.

Both sides use this file: the child gets a copy of it, never the rest of the repository.
"""

import importlib
import io
import json
import struct

import numpy as np

# Keras modules whose built-in classes may appear in a model's or a compile config.
ALLOWED_MODULES = {
    "keras",
    "keras.layers",
    "keras.initializers",
    "keras.regularizers",
    "keras.constraints",
    "keras.optimizers",
    "keras.optimizers.schedules",
    "keras.losses",
    "keras.metrics",
    "keras.src.models.functional",
    "keras.src.models.sequential",
}
# Built-in ops that Functional models record, such as the mask of an Embedding.
ALLOWED_MODULE_PREFIX = "keras.src.ops."
# Classes that run code the config does not describe.
FORBIDDEN_CLASSES = {"Lambda", "TFSMLayer", "JaxLayer", "FlaxLayer", "TorchModuleWrapper"}
HEADER = struct.Struct("<QI")
LENGTH = struct.Struct("<Q")


class RefusedData(ValueError):
    """Data from a child that the trusted side will not turn back into objects."""


# --------------------------------------------------------------------------- framing


def send(stream, payload, arrays=()):
    """Write one message: a JSON payload and the arrays it refers to by index."""
    header = json.dumps(payload).encode()
    blobs = []
    for array in arrays:
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(array), allow_pickle=False)
        blobs.append(buffer.getvalue())
    stream.write(HEADER.pack(len(header), len(blobs)))
    stream.write(header)
    for blob in blobs:
        stream.write(LENGTH.pack(len(blob)))
        stream.write(blob)
    stream.flush()


def receive(stream, limit=2**31):
    """Read one message; EOFError if the other side has gone."""
    header_size, count = HEADER.unpack(read_exactly(stream, HEADER.size))
    if header_size > limit:
        raise RefusedData(f"a message of {header_size} bytes")
    payload = json.loads(read_exactly(stream, header_size))
    arrays = []
    for _ in range(count):
        (size,) = LENGTH.unpack(read_exactly(stream, LENGTH.size))
        if size > limit:
            raise RefusedData(f"an array of {size} bytes")
        arrays.append(np.load(io.BytesIO(read_exactly(stream, size)), allow_pickle=False))
    return payload, arrays


def read_exactly(stream, size):
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


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
    """Refuse any class in a config that is not a built-in Keras class (no Lambda, no custom
    objects): rebuilding a config must never run code a student wrote."""
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
        # A loss, metric or activation given as a function, such as keras.losses.mean_squared_error.
        if isinstance(config, str) and any(public_name("keras." + kind, config) for kind in ("losses", "metrics", "activations")):
            return
        raise RefusedData(f"the function {config!r}, which is not a Keras loss, metric or activation")
    if class_name in FORBIDDEN_CLASSES:
        raise RefusedData(f"a {class_name} layer, which runs code that its config does not describe")
    if registered_name not in (None, class_name):
        raise RefusedData(f"the custom object {registered_name!r}")
    if module in ALLOWED_MODULES or (isinstance(module, str) and module.startswith(ALLOWED_MODULE_PREFIX)):
        if module.startswith("keras.src.") or public_name(module, class_name):
            return
    raise RefusedData(f"the class {module}.{class_name}, which is not a built-in Keras class")


def public_name(module, name):
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False
