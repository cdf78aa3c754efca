"""A result against what was expected, and the likely mistake read from a table of wrong answers.

A kata's known mistakes are data, not if/elif chains: a table maps the sentence that explains a
mistake to what that mistake returns, either the wrong value itself or a predicate on the result.
The first row the result matches is the sentence the failure carries, so a test reads as its
lesson and each mistake is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from kata_checks.findings import found, mistake_name
from kata_checks.messages import fail

# The sentence that explains a mistake -> the value that mistake returns, or a predicate on the
# result that is true when the result looks like it.
WrongAnswers = Mapping[str, Any]


def same(result: Any, value: Any) -> bool:
    """Equal in shape and in every value (numbers within float tolerance); never for NaN."""
    try:
        got, want = np.asarray(result), np.asarray(value)
    except (TypeError, ValueError):
        return bool(result == value)
    if got.shape != want.shape:
        return False
    numeric = np.issubdtype(got.dtype, np.number) and np.issubdtype(want.dtype, np.number)
    return bool(np.allclose(got, want)) if numeric else bool(np.array_equal(got, want))


def matches(result: Any, looks_like: Any) -> bool:
    """Whether `result` is what a row of a table describes. A predicate that cannot read a
    malformed result says no: the failure then names no mistake rather than crash."""
    if not callable(looks_like):
        return same(result, looks_like)
    try:
        return bool(looks_like(result))
    except Exception:  # noqa: BLE001 - a predicate is a guess; a malformed result matches none
        return False


def likely_mistake(result: Any, wrong_answers: WrongAnswers | None) -> str:
    """The sentence of the first row of `wrong_answers` that `result` matches, or ''."""
    sentence = next(
        (sentence for sentence, looks_like in (wrong_answers or {}).items() if matches(result, looks_like)), ""
    )
    return found(mistake_name(sentence), sentence)


def check_result(
    result: Any,
    expected: Any,
    call: str,
    wrong_answers: WrongAnswers | None = None,
    *,
    shown: Callable[[Any], str] = repr,
    lesson: str = "",
    equal: Callable[[Any, Any], bool] = same,
    otherwise: str = "",
) -> None:
    """`result` must equal `expected`; otherwise fail with both, the `lesson` that follows the
    expected value (": the decoder reads ...") and the likely mistake from `wrong_answers`, or
    the advice `otherwise` when no row matches."""
    if equal(result, expected):
        return
    mistake = likely_mistake(result, wrong_answers) or otherwise
    fail(f"{call} returned {shown(result)}; expected {shown(expected)}{lesson}." + (f" {mistake}" if mistake else ""))
