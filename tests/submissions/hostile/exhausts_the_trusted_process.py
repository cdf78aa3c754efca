"""Attack: exhaust the trusted process. A 1 KB model config for Embedding(125_000_000, 4), one
whose Flatten and RepeatVector multiply the widths that a bound read from the config alone adds
(100 M parameters, and a layer output of 10 M values per example), the same 100 M parameters
inside a model that TimeDistributed wraps, a reply that declares ten 200 MB arrays, and a reply with 1.5 MB of error message and of printed
text, so that a trusted side without bounds builds a 2 GB model, reads 2 GB, and writes a huge
results file. The replies are written straight to the reply pipe, past the worker's own limits."""

import json
import os
import struct
import sys

import keras


plain_to_json = keras.Model.to_json


def huge_to_json(self, **kwargs):
    """The config the worker sends: the real model with an Embedding(125_000_000, 4) first."""
    config = json.loads(plain_to_json(self, **kwargs))
    embedding = keras.layers.Embedding(125_000_000, 4)
    config["config"]["layers"].insert(1, {"module": "keras.layers", "class_name": "Embedding",
                                          "config": embedding.get_config(), "registered_name": None})
    return json.dumps(config)


def layer(made):
    return {"module": "keras.layers", "class_name": type(made).__name__, "config": made.get_config(),
            "registered_name": None}


def multiplied_to_json(self, **kwargs):
    """A model whose widths multiply: a (100, 100) input flattened to 10,000 values, then a
    Dense(10_000) on them (100 M parameters), or 1,000 copies of them (10 M values)."""
    if MULTIPLY["kind"] == "wrapped":
        # The same 100 M parameters, hidden in a whole model that TimeDistributed runs on each step.
        inner = {"module": "keras", "class_name": "Sequential", "registered_name": None,
                 "config": {"name": "inner", "layers": [layer(keras.layers.InputLayer(batch_shape=(None, 10_000))),
                                                        layer(keras.layers.Dense(10_000))]}}
        wrapper = {"module": "keras.layers", "class_name": "TimeDistributed", "registered_name": None,
                   "config": {"name": "wrapper", "layer": inner}}
        layers = [layer(keras.layers.InputLayer(batch_shape=(None, 5, 10_000))), wrapper]
        return json.dumps({"module": "keras", "class_name": "Sequential", "registered_name": None,
                           "config": {"name": "sequential", "layers": layers}})
    layers = [layer(keras.layers.InputLayer(batch_shape=(None, 100, 100))), layer(keras.layers.Flatten())]
    if MULTIPLY["kind"] == "parameters":
        layers.append(layer(keras.layers.Dense(10_000)))
    else:
        layers += [layer(keras.layers.RepeatVector(1000)), layer(keras.layers.TimeDistributed(keras.layers.Dense(1)))]
    return json.dumps({"module": "keras", "class_name": "Sequential", "registered_name": None,
                       "config": {"name": "sequential", "layers": layers}})


MULTIPLY = {"kind": None}
keras.Model.to_json = lambda self, **kwargs: (multiplied_to_json if MULTIPLY["kind"] else huge_to_json)(self, **kwargs)
keras.Model.get_weights = lambda self: []


def make_windows(series, time_steps):
    if time_steps != 3:  # one attack per kind is enough; each costs the child a restart
        return None, None
    reply = open(int(sys.argv[2]), "wb", closefd=False)
    header = json.dumps({"result": {"tuple": [{"array": index, "scalar": False} for index in range(10)]}}).encode()
    reply.write(struct.pack("<QI", len(header), 10) + header)
    block = bytes(2**20)
    for _ in range(10):
        reply.write(struct.pack("<Q", 200 * 2**20))
        for _ in range(200):
            reply.write(block)
    reply.flush()
    raise SystemExit(0)


def build_many_to_one(time_steps, features, units=50):
    if units == 8:
        # The reply answers the call under way: its request, and so its id, is in the caller's frame.
        request_id = sys._getframe(1).f_locals["request"]["id"]
        header = json.dumps({"error": {"type": "ValueError", "message": "x" * 1_500_000, "where": "w" * 100_000},
                             "printed": "y" * 1_500_000, "id": request_id}).encode()
        with open(int(sys.argv[2]), "wb", closefd=False) as reply:
            reply.write(struct.pack("<QI", len(header), 0) + header)
        os._exit(0)
    MULTIPLY["kind"] = {(6, 50): "parameters", (6, 12): "activations", (10, 50): "wrapped"}.get((time_steps, units))
    model = keras.Sequential([keras.Input(shape=(time_steps,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
