"""How a check names what it saw: the call, the values, and the failure itself.

Every message follows one template: the call, what came back, what was expected, and the
likely mistake.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pytest

from kata_records import catalog
from kata_runtime.loading import error_text


def fail(message: str) -> NoReturn:
    pytest.fail(message, pytrace=False)


def error_line(error: BaseException, limit: int = 300) -> str:
    """The first line of an exception's message, without terminal codes: what a failure quotes."""
    lines = error_text(error).strip().splitlines()
    return lines[0][:limit] if lines else ""


def describe_value(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"<array of shape {value.shape}>"
    if isinstance(value, (list, tuple)) and len(value) > 6:
        return f"<{type(value).__name__} of {len(value)} values>"
    return repr(value)


def call_text(function_name: str, *args: Any, **kwargs: Any) -> str:
    """'build_many_to_one(time_steps=10, features=1, units=50)': how a message names a call."""
    parts = [describe_value(a) for a in args] + [f"{k}={describe_value(v)}" for k, v in kwargs.items()]
    return f"{function_name}({', '.join(parts)})"


def short_array(values: Any, limit: int = 8) -> str:
    values = np.asarray(values).ravel()
    shown = ", ".join(f"{v:.4g}" for v in values[:limit])
    return f"[{shown}{', ...' if values.size > limit else ''}]"


def case_ids(cases: Sequence[tuple]) -> list:
    """Readable ids for parametrized cases: (10, 1, 50) -> '10-1-50'."""
    return ["-".join(str(value) for value in case) for case in cases]


def pass_bar(test_file: str | Path, name: str) -> float:
    """A training test's pass bar, from its kata's kata.toml: the one place it is written."""
    return catalog.pass_bar(test_file, name)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Any, log: bool = False) -> str:
    """A curve in one line: a bar per value, its height the value as a share of the highest
    (! for a NaN), then the first and last value. A flat learning curve did not learn; one
    that falls and then levels off high learned what the design allows. With `log`, heights
    follow the logarithm, for values that span orders of magnitude (! also for 0)."""
    shown = [math.log10(value) if log and value > 0 else (math.nan if log else value) for value in values]
    finite = [value for value in shown if math.isfinite(value)]
    if not finite:
        return "(no finite value)"
    low, high = (min(finite), max(finite)) if log else (min(0.0, min(finite)), max(finite))
    span = (high - low) or 1.0
    bars = "".join(
        SPARKS[round((value - low) / span * (len(SPARKS) - 1))] if math.isfinite(value) else "!" for value in shown
    )
    return f"{bars}  {values[0]:.3g} -> {values[-1]:.3g}" + (" (log scale)" if log else "")
