"""What crosses between the grader's trusted side and a student's child process: data only.

Arrays travel as .npy bytes whose header must match their data (no pickles); Keras models as
their JSON config, checked against exact (module, class) pairs (allowlist.py) and measured from
its real shapes (shapes.py) before it is built, plus their weights as arrays and their
optimizer's step count; a History as its dicts; an array the call changed in place, to change
the caller's too if the test watches it (WatchedArray). A reply is refused as soon as it
declares more bytes or arrays than the limits below. Nothing is ever unpickled, and no saved
model is loaded.

Both sides use this file: the child gets a copy of it, never the rest of the repository.
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

try:
    from kata_runtime.allowlist import RefusedData, check_classes
    from kata_runtime.generators import advance_generators, generator_from_state, generator_state  # noqa: F401
    from kata_runtime.shapes import check_size
except ImportError:  # the child runs its copy of the runtime as plain modules
    from allowlist import RefusedData, check_classes
    from generators import advance_generators, generator_from_state, generator_state  # noqa: F401
    from shapes import check_size

if TYPE_CHECKING:  # for annotations only: the module does not need it at run time
    import keras

# What one reply from a student's child may hold: no kata answer comes near these.
REPLY_BYTES_LIMIT = 64 * 2**20
REPLY_ARRAYS_LIMIT = 256
HEADER_BYTES_LIMIT = 4 * 2**20
ITERATIONS_LIMIT = 2**40  # optimizer steps a returned model may report: more than any kata takes
NESTING_LIMIT = 32  # lists in lists, or mappings in mappings: no kata answer needs more than 3
PAIRS_LIMIT = 10_000  # pairs of a mapping from ids: a vocabulary has dozens
# Characters of any text from the child (an error message, printed output) that are kept.
TEXT_LIMIT = 4000
HEADER = struct.Struct("<QI")
LENGTH = struct.Struct("<Q")


# --------------------------------------------------------------------------- framing


def send(stream: BinaryIO, payload: dict, arrays: Sequence[np.ndarray] = ()) -> None:
    """Write one message: a JSON payload and the arrays it refers to by index."""
    stream.write(pack(payload, arrays))
    stream.flush()


def pack(payload: dict, arrays: Sequence[np.ndarray] = ()) -> bytes:
    """One message as bytes: a header, the JSON payload, then each array as .npy bytes."""
    header = json.dumps(payload).encode()
    parts = [HEADER.pack(len(header), len(arrays)), header]
    for array in arrays:
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(array), allow_pickle=False)
        parts += [LENGTH.pack(len(buffer.getvalue())), buffer.getvalue()]
    return b"".join(parts)


def receive(stream: BinaryIO) -> tuple[dict, list[np.ndarray]] | None:
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

    def wanted(self) -> int:
        return max(1, min(self.need - len(self.buffer), 2**20))

    def feed(self, chunk: bytes) -> tuple[dict, list[np.ndarray]] | None:
        """Add bytes; return (payload, arrays) once the message is whole, else None."""
        self.buffer += chunk
        if len(self.buffer) > self.byte_limit:
            raise RefusedData(f"a reply of more than {self.byte_limit} bytes")
        return self.parse()

    def parse(self) -> tuple[dict, list[np.ndarray]] | None:
        # A memoryview of the buffer blocks its growth while it lives: release it on every path.
        with memoryview(self.buffer) as data:
            return self.parse_view(data)

    def parse_view(self, data: Any) -> tuple[dict, list[np.ndarray]] | None:
        if len(data) < HEADER.size:
            self.need = HEADER.size
            return None
        header_size, count = HEADER.unpack(data[: HEADER.size])
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
            (size,) = LENGTH.unpack(data[offset : offset + LENGTH.size])
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
        try:
            payload = json.loads(bytes(data[HEADER.size : HEADER.size + header_size]))
        except (ValueError, RecursionError) as error:
            raise RefusedData(f"a reply header that is not JSON the grader reads ({type(error).__name__})") from None
        return payload, [load_array(bytes(data[start : start + size])) for start, size in blobs]


def load_array(blob: bytes) -> np.ndarray:
    """An array from .npy bytes: no pickles, and a header that matches the data that came."""
    stream = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(stream)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}[
            version
        ]
        shape, fortran_order, dtype = read_header(stream)
    except (KeyError, ValueError, SyntaxError, TypeError) as error:
        raise RefusedData(f"an array that is not a .npy array ({error})") from None
    if dtype.hasobject:
        raise RefusedData("an array of Python objects")
    count = 1
    for size in shape:
        count *= size
    body = blob[stream.tell() :]
    if count * dtype.itemsize != len(body):
        raise RefusedData(f"an array whose header says {shape} but whose data is {len(body)} bytes")
    array = np.frombuffer(body, dtype=dtype, count=count)
    return array.reshape(shape, order="F" if fortran_order else "C").copy()


# --------------------------------------------------------------------------- values


def encode(value: Any, arrays: list[np.ndarray], same_as: Sequence[Any] = ()) -> Any:
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
    if isinstance(value, dict) and all(type(key) in (int, str) for key in value):
        # A mapping from ids to characters, say: JSON keys are strings, so the pairs travel.
        return {"pairs": [[key, encode(item, arrays, same_as)] for key, item in value.items()]}
    if isinstance(value, np.random.Generator):
        return {"generator": generator_state(value)}
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


def decode(data: Any, arrays: list[np.ndarray], models: Sequence[keras.Model] = (), depth: int = 0) -> Any:
    """The value that `encode` described. `models` are the objects a reference may name."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise RefusedData(f"unexpected data {str(data)[:80]}")
    if depth >= NESTING_LIMIT:
        raise RefusedData(f"values nested more than {NESTING_LIMIT} deep")
    inner = depth + 1
    if "array" in data:
        array = arrays[data["array"]]
        return array[()] if data.get("scalar") else array
    if "list" in data:
        return [decode(item, arrays, models, inner) for item in data["list"]]
    if "tuple" in data:
        return tuple(decode(item, arrays, models, inner) for item in data["tuple"])
    if "dict" in data:
        return {str(key): decode(item, arrays, models, inner) for key, item in data["dict"].items()}
    if "pairs" in data:
        pairs = data["pairs"]
        if (
            not isinstance(pairs, list)
            or len(pairs) > PAIRS_LIMIT
            or not all(
                isinstance(pair, list)
                and len(pair) == 2
                and (type(pair[0]) is str or (type(pair[0]) is int and abs(pair[0]) < 2**31))
                for pair in pairs
            )
        ):
            # Keys that hash alike would make building the mapping quadratic: ids are small.
            raise RefusedData(f"a mapping of more than {PAIRS_LIMIT} pairs, or whose keys are not ids or names")
        return {key: decode(item, arrays, models, inner) for key, item in pairs}
    if "generator" in data:
        return generator_from_state(data["generator"])
    if "model" in data:
        return rebuild_model(data["model"], arrays, models)
    if "history" in data:
        return rebuild_history(data["history"], arrays, models)
    if "unsupported" in data:
        return unsupported(str(data["unsupported"]))
    raise RefusedData(f"unexpected data {str(data)[:80]}")


class WatchedArray(np.ndarray):
    """An argument that a test watches for changes made in place (np.ndarray.view(WatchedArray)):
    the only kind of array into which a call's changes in the child are written back, as a plain
    run would see them. Every other argument stays the trusted side's own: a student who changes
    it in place cannot rewrite the data a test compares with."""


def change_arguments(arguments: list, changed: Any, arrays: list[np.ndarray]) -> None:
    """Write into the caller's watched arrays what the function changed in them in the child:
    only an array argument the call sent, with its own shape and dtype. Changes to any other
    argument are dropped."""
    for entry in changed if isinstance(changed, list) and len(changed) <= len(arguments) else [None]:
        valid = isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int and 0 <= entry[0] < len(arguments)
        target, value = (arguments[entry[0]], decode(entry[1], arrays)) if valid else (None, None)
        arrays_both = isinstance(target, np.ndarray) and isinstance(value, np.ndarray)
        if not (arrays_both and value.shape == target.shape and value.dtype == target.dtype):
            raise RefusedData("a changed argument that the call did not send, or of another shape or type")
        if isinstance(target, WatchedArray):
            np.copyto(target, value)


def unsupported(type_name: str) -> object:
    """A stand-in for a value that cannot cross, named like it, so that a test says what came
    back ("returned EagerTensor; expected a numpy array") as it would in a plain run."""
    return type(type_name, (), {"__repr__": lambda self: f"<{type_name}>"})()


# --------------------------------------------------------------------------- models


def model_data(model: keras.Model, arrays: list[np.ndarray], same_as: Sequence[Any] = ()) -> dict:
    same = next((index for index, other in enumerate(same_as) if other is model), None)
    compile_config = model.get_compile_config() if getattr(model, "compiled", False) else None
    first = len(arrays)
    arrays.extend(np.asarray(weight) for weight in model.get_weights())
    optimizer = getattr(model, "optimizer", None) if compile_config is not None else None
    return {
        "config": model.to_json(),
        "compile": compile_config,
        "weights": [first, len(arrays)],
        "same_as": same,
        "iterations": int(np.asarray(optimizer.iterations)) if optimizer is not None else 0,  # did it train?
    }


def rebuild_model(data: Any, arrays: list[np.ndarray], models: Sequence[keras.Model] = ()) -> keras.Model:
    """A model of built-in layers made from a config, after checking every class in it."""
    import keras

    config = json.loads(data["config"])
    check_classes(config)
    check_size(config)
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
        iterations = data.get("iterations", 0)
        if type(iterations) is not int or not 0 <= iterations < ITERATIONS_LIMIT:
            raise RefusedData("an optimizer step count that is not a count")
        model.optimizer.iterations.assign(iterations)
    return model


def rebuild_history(data: Any, arrays: list[np.ndarray], models: Sequence[keras.Model] = ()) -> keras.callbacks.History:
    import keras

    history = keras.callbacks.History()
    history.history = decode(data["history"], arrays, models)
    history.params = decode(data["params"], arrays, models)
    history.epoch = decode(data["epoch"], arrays, models)
    if data.get("model") is not None:
        history.set_model(decode(data["model"], arrays, models))
    return history
