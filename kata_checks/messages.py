"""How a check names what it saw: the call, the values, and the failure itself.

Every message follows one template: the call, what came back, what was expected, and the
likely mistake.
"""

import numpy as np
import pytest

from kata_records import catalog
from kata_runtime.loading import error_text


def fail(message):
    pytest.fail(message, pytrace=False)


def error_line(error, limit=300):
    """The first line of an exception's message, without terminal codes: what a failure quotes."""
    lines = error_text(error).strip().splitlines()
    return lines[0][:limit] if lines else ""


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


def case_ids(cases):
    """Readable ids for parametrized cases: (10, 1, 50) -> '10-1-50'."""
    return ["-".join(str(value) for value in case) for case in cases]


def pass_bar(test_file, name):
    """A training test's pass bar, from its kata's kata.toml: the one place it is written."""
    return catalog.pass_bar(test_file, name)
