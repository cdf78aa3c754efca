"""Checks of the arrays a learner's function returns: shapes, dtypes, rows, windows of a
series, and ValueError for bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from kata_checks.messages import call_text, fail, short_array
from kata_checks.mistakes import likely_mistake
from kata_runtime.loading import library_that_raised, origin_of
from kata_runtime.wire import WatchedArray


def distinct_series(length: int) -> np.ndarray:
    """Every value different and not a plain index, so a shifted window cannot pass."""
    return np.round(np.sin(np.arange(length) * 0.7) * 10 + np.arange(length), 3)


# Arguments every windowing function must reject, as keyword arguments for parametrize.
BAD_WINDOW_ARGUMENTS = dict(
    argvalues=[
        (np.ones((4, 3)), 2, "series must be 1-D"),
        (np.arange(10.0), 0, "time_steps must be at least 1"),
        (np.arange(10.0), -2, "time_steps must be at least 1"),
        (np.arange(5.0), 5, "a series of length 5 leaves no value to predict after 5 steps"),
        (np.arange(3.0), 6, "a series of length 3 is shorter than 6 steps"),
    ],
    ids=["2-D series", "zero steps", "negative steps", "L equals steps", "L below steps"],
)


# (series length, time_steps) for the windowing tasks: several values, so nothing hard-coded passes.
WINDOW_CASES = [(20, 3), (12, 5), (7, 1)]


def windows_of(function: Callable, length: int, time_steps: int) -> tuple:
    """Call a learner's windowing function on a distinct series; return (series, x, y, call)."""
    series = distinct_series(length)
    call = call_text(function.__name__, f"<series of {length} values>", time_steps=time_steps)
    x, y = returned_pair(function(series, time_steps), call)
    return series, x, y, call


def input_windows(series: np.ndarray, time_steps: int, start: int = 0) -> np.ndarray:
    """Row i is series[i + start : i + start + time_steps], for each of the L - time_steps windows.

    With start=1 this is the targets of kata 02, or inputs that start one step late; the last
    of those rows then needs a value past the end, so the series is padded with its last value.
    """
    count = len(series) - time_steps
    padded = np.append(series, [series[-1]] * start)
    return np.stack([padded[i + start : i + start + time_steps] for i in range(count)]).astype(np.float32)


def check_input_window_shape(x: np.ndarray, call: str, length: int, time_steps: int) -> None:
    count = length - time_steps
    check_array(
        x,
        "x",
        call,
        (count, time_steps, 1),
        {
            # Windows cut from series[:-time_steps], a recipe of some tutorials, stop early.
            (count - time_steps + 1, time_steps, 1): f"There are {time_steps - 1} windows too few: windows "
            "cut from series[:-time_steps] stop time_steps - 1 starts early. A window starts at every "
            "i from 0 to L - time_steps - 1, so there are L - time_steps of them.",
            (count, time_steps): "Add the feature axis: x[:, :, np.newaxis] or x.reshape(-1, time_steps, 1).",
            (count + 1, time_steps, 1): "There is one window too many: the last window has no next value.",
            (count - 1, time_steps, 1): "The last window is missing: there are L - time_steps windows.",
        },
    )


def check_input_window_values(x: np.ndarray, series: np.ndarray, call: str, time_steps: int) -> None:
    check_rows(
        x[:, :, 0],
        input_windows(series, time_steps),
        "x[:, :, 0]",
        call,
        lambda i: f"series[{i}:{i + time_steps}]",
        {
            "series[i + 1:i + 1 + time_steps], windows that start one step late": input_windows(
                series, time_steps, start=1
            )
        },
    )


def check_finite(values: Any, call: str, what: str) -> np.ndarray:
    """Every value is a number: a NaN or an infinity makes every comparison false, so a check
    that asks "did these differ?" would pass on it. Every comparison of outputs comes here first.
    `what` names the values ("the prediction for [3, 17]")."""
    values = np.asarray(values)
    if not np.issubdtype(values.dtype, np.number) or np.all(np.isfinite(values)):
        return values
    bad = np.asarray(~np.isfinite(values))
    kinds = " and ".join(
        kind for kind, found in (("NaN", np.isnan(values).any()), ("infinity", np.isinf(values).any())) if found
    )
    fail(
        f"{call} gave {what} with {int(bad.sum())} of {bad.size} values {kinds}: {short_array(values)}; expected "
        "finite numbers. A NaN compares false with everything, so nothing can be checked on it. Look for a "
        "weight or bias set to NaN or inf, a log or a division by zero, or a learning rate that blew up."
    )


def watched(values: Any) -> np.ndarray:
    """A copy of `values` to hand a learner's function, for check_left_unchanged: in grading,
    what the function changes in it in place is written back, as in a plain run. Only such a
    copy is: no learner can rewrite an array a test computes its expected values from."""
    return np.array(values).view(WatchedArray)


def unchanged_result(function: Callable, argument: Any, call: str, name: str, *rest: Any) -> np.ndarray:
    """function(argument, *rest) as a float64 array, once it has left `argument` as it was."""
    given = watched(argument)
    result = np.asarray(function(given, *rest), dtype=np.float64)
    check_left_unchanged(given, argument, call, name)
    return result


def check_left_unchanged(argument: Any, before: Any, call: str, name: str) -> None:
    """`argument` still holds `before`: a function returns new arrays and leaves what it is
    given as it was, for the caller may read it again."""
    if np.array_equal(np.asarray(argument), before, equal_nan=True):
        return
    fail(
        f"{call} changed its argument {name} in place: it held {short_array(before, 5)} and now holds "
        f"{short_array(argument, 5)}; expected it unchanged, for the caller may read it again. Compute a new "
        "array, `values = np.asarray(values, dtype=np.float64) * std + mean`, rather than changing the one "
        "given with `values *= std`."
    )


def returned_pair(result: Any, call: str) -> tuple[Any, Any]:
    """The (x, y) pair a windowing function returns."""
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{call} returned {type(result).__name__}; expected a tuple (x, y). End the function with `return x, y`.")
    return result


def check_array(
    array: np.ndarray,
    name: str,
    call: str,
    expected_shape: tuple,
    likely_mistakes: Mapping[tuple, str] | None = None,
    any_float: bool = False,
) -> None:
    """A float32 numpy array of `expected_shape`. `likely_mistakes` maps a wrong shape to why.
    With `any_float`, any floating dtype will do: for results read, not fed to Keras."""
    if not isinstance(array, np.ndarray):
        fail(
            f"{call} returned {name} as {type(array).__name__}; expected a numpy array. "
            f"Convert it with np.array({name}, dtype=np.float32)."
        )
    if array.shape != expected_shape:
        hint = likely_mistake(array.shape, {why: shape for shape, why in (likely_mistakes or {}).items()})
        fail(
            f"{call} returned {name} with shape {array.shape}; expected {expected_shape}."
            + (f" {hint}" if hint else "")
        )
    check_finite(array, call, name)
    if any_float and np.issubdtype(array.dtype, np.floating):
        return
    if array.dtype != np.float32:
        fail(
            f"{call} returned {name} with dtype {array.dtype}; expected float32, the dtype "
            f"Keras trains in. Use np.asarray(..., dtype=np.float32) or {name}.astype(np.float32)."
        )


def check_rows(
    array: np.ndarray,
    expected: Any,
    name: str,
    call: str,
    row_text: Callable[[int], str],
    known_mistakes: Mapping[str, np.ndarray] | None = None,
) -> None:
    """Compare `array` with `expected` row by row; report the first row that differs.

    `row_text(i)` says what row i should hold ("series[2:5]"); `known_mistakes` maps the
    description of a plausible mistake to the array that mistake would produce.
    """
    if np.allclose(array, expected):
        return
    what = likely_mistake(array, known_mistakes)
    mistake = f" It matches {what}." if what else ""
    row = next(i for i in range(len(array)) if not np.allclose(array[i], expected[i]))
    fail(
        f"{call} returned {name}[{row}] = {short_array(array[row])}; expected "
        f"{row_text(row)} = {short_array(expected[row])}.{mistake}"
    )


def check_raises_value_error(function: Callable, call: str, why: str, *args: Any, **kwargs: Any) -> None:
    """`function(*args, **kwargs)` must raise ValueError: bad input gets a clear error."""
    try:
        function(*args, **kwargs)
    except ValueError as error:
        library = raised_inside_a_library(error)
        if library:
            fail(
                f"{call} raised ValueError from inside {library} ({error}), not from a check of "
                f"your own; expected a ValueError because {why}. Check the arguments first and "
                "`raise ValueError(...)` with a sentence that says what is wrong."
            )
        if not str(error).strip():
            fail(f"{call} raised ValueError with no message. Say what is wrong: {why}.")
        return
    except Exception as error:  # noqa: BLE001 - any other exception is the mistake reported
        fail(
            f"{call} raised {type(error).__name__}: {error}; expected a ValueError because "
            f"{why}. Check the arguments first and `raise ValueError(...)` with a sentence."
        )
    fail(
        f"{call} returned without raising; expected a ValueError because {why}. "
        "Check the arguments at the top of the function and `raise ValueError(...)`."
    )


def raised_inside_a_library(error: BaseException) -> str | None:
    """The package ('numpy') whose code raised `error`, when the learner's code did not."""
    origin = origin_of(error)
    if origin is None:
        return None
    if origin.rebuilt:
        return origin.library
    if origin.path is None:
        return None
    return library_that_raised(error.__traceback__, origin.path)
