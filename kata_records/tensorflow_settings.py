"""How every process of the project that imports TensorFlow sets it up first: the Keras backend,
and quiet (no C++ log lines, no oneDNN notice). TensorFlow reads these once, at its import."""

from __future__ import annotations

import os

SETTINGS = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "KERAS_BACKEND": "tensorflow"}


def apply() -> None:
    """Set each one in this process's environment, unless it is set already."""
    for name, value in SETTINGS.items():
        os.environ.setdefault(name, value)
