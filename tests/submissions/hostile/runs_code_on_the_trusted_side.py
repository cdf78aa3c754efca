"""Attack: make the trusted side import a module the student names. The model is a correct one,
but its config names a class in a module of the student's choosing (planted in keras/src if it
can be), and a custom object by its registered name: rebuilding it must be refused before
Keras sees it."""

import json
from pathlib import Path

import keras

KNOWN = {}  # filled in by the self-test

try:
    Path(KNOWN.get("site_packages", "/nonexistent"), "keras", "src", "kata_hostile_marker.py").write_text(
        "# written by a hostile submission\n")
except OSError:
    pass


plain_to_json = keras.Model.to_json


def planted_to_json(self, **kwargs):
    """The config the worker sends: a real Sequential whose Dense names the planted module."""
    config = json.loads(plain_to_json(self, **kwargs))
    for layer in config["config"]["layers"]:
        if layer["class_name"] == "Dense":
            layer["module"] = "keras.src.kata_hostile_marker"
        if layer["class_name"] == "LSTM":
            layer["registered_name"] = "kata_hostile_marker>Evil"
    return json.dumps(config)


keras.Model.to_json = planted_to_json


def make_windows(series, time_steps):
    return None, None


def build_many_to_one(time_steps, features, units=50):
    model = keras.Sequential([keras.Input(shape=(time_steps, features)), keras.layers.LSTM(units), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
