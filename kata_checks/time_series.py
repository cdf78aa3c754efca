"""Checks of a learner's preparation of a time series, none of which may leak the future: a
split in time order, scaling fitted on the training part alone and applied the same way to every
part, and windows whose targets follow their inputs."""

from collections.abc import Callable
from typing import Any

import numpy as np

from kata_checks.arrays import check_finite, returned_pair, unchanged_result
from kata_checks.forecasting import windows
from kata_checks.messages import call_text, describe_value, fail, short_array
from kata_checks.mistakes import check_result


def check_chronological_split(split: Callable, series: np.ndarray, fraction: float, test_size: int) -> None:
    """split(series, fraction) returns the first values to train on and the last test_size to test on."""
    call = call_text(split.__name__, series, fraction)
    result = split(series, fraction)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"{call} returned {describe_value(result)}; expected a pair (train, test).")
    train, test = (np.asarray(part, dtype=np.float64) for part in result)
    if not np.array_equal(np.sort(np.concatenate([train, test])), np.sort(series)):
        fail(f"{call} returned parts that do not hold the series' values once each.")
    check_result(
        len(test),
        test_size,
        call,
        {"It truncates: int() drops the fraction, round() takes the nearest count.": int(len(series) * fraction)},
        shown=lambda count: f"a test part of {count} values",
        lesson=f" (round({len(series)} * {fraction:g}))",
    )
    if not (np.array_equal(train, series[:-test_size]) and np.array_equal(test, series[-test_size:])):
        fail(
            f"{call} returned train {short_array(train, 5)} and test {short_array(test, 5)}; expected the first "
            f"{len(series) - test_size} values and then the last {test_size}, in order. A shuffled split lets the "
            "model train on the future it is tested on."
        )


def check_multistep_windows(make_windows: Callable, series: np.ndarray, time_steps: int, horizon: int) -> None:
    """make_windows(series, time_steps, horizon): float32 x (N, time_steps, 1) and y (N, horizon),
    each window's targets the `horizon` values right after it."""
    call = call_text(make_windows.__name__, series, time_steps, horizon)
    x, y = (np.asarray(part) for part in returned_pair(make_windows(series, time_steps, horizon), call))
    count = len(series) - time_steps - horizon + 1
    check_result(
        (x.shape, y.shape),
        ((count, time_steps, 1), (count, horizon)),
        call,
        {
            "The horizon is off by one: y holds exactly `horizon` values.": (
                lambda shapes: len(shapes[1]) == 2 and shapes[1][1] in (horizon - 1, horizon + 1)
            ),
            "One window too many or too few: the last window's targets end at the series' last value.": (
                lambda shapes: shapes[0][0] in (count + 1, count - 1)
            ),
        },
        shown=lambda shapes: "x {} and y {}".format(*shapes),
        equal=lambda got, want: got == want,
    )
    expected_x, expected_y = windows(series, time_steps, horizon)
    check_result(
        (x[0, :, 0].tolist(), y[0].tolist()),
        (expected_x[0, :, 0].tolist(), expected_y[0].tolist()),
        f"{call}, for window 0,",
        {"The targets overlap the inputs: they start right after the last input.": lambda w: w[1][0] <= w[0][-1]},
        shown=lambda window: "inputs {} and targets {}".format(*window),
        equal=lambda *_: np.array_equal(x, expected_x) and np.array_equal(y, expected_y),
    )
    if x.dtype != np.float32 or y.dtype != np.float32:
        fail(
            f"{call} returned x as {x.dtype} and y as {y.dtype}; expected float32, the dtype Keras trains in: "
            "float64 windows are converted on every batch. Use .astype(np.float32)."
        )


def accepted_statistics(train: np.ndarray) -> dict[str, tuple[float, float]]:
    """What fit_scaling may return: the mean, and numpy's population standard deviation (the
    reference's) or the sample one (ddof=1, pandas' default). Scaling works with either."""
    return {
        "population": (float(np.mean(train)), float(np.std(train))),
        "sample": (float(np.mean(train)), float(np.std(train, ddof=1))),
    }


def fitted_statistics(fit_scaling: Callable, train: np.ndarray) -> tuple[Any, tuple[float, float]]:
    """fit_scaling(train), once it holds the training part's (mean, standard deviation): the
    learner's own scaling object, and those two numbers."""
    call = call_text(fit_scaling.__name__, train)
    scaling = fit_scaling(np.asarray(train, dtype=np.float64))
    try:
        named = isinstance(scaling, dict) and set(scaling) == {"mean", "std"}
        mean, std = (float(value) for value in ((scaling["mean"], scaling["std"]) if named else scaling))
    except (TypeError, ValueError, KeyError):
        fail(
            f"{call} returned {describe_value(scaling)}; expected a pair (mean, standard deviation), "
            "or a dict with the keys 'mean' and 'std'."
        )
    check_finite([mean, std], call, "its statistics")
    accepted = accepted_statistics(train)
    true_mean, true_std = accepted["population"]
    check_result(
        (mean, std),
        accepted["population"],
        call,
        {
            "The two are swapped: return (mean, standard deviation), in that order, as the lesson states; "
            "a pipeline that swaps them back agrees with itself, but not with anyone else's.": (true_std, true_mean)
        },
        shown=lambda pair: f"({pair[0]:.6g}, {pair[1]:.6g})",
        lesson=f", the training part's mean and standard deviation (or {accepted['sample'][1]:.6g} with ddof=1)",
        equal=lambda got, _: any(np.allclose(got, pair, rtol=1e-9, atol=0) for pair in accepted.values()),
    )
    return scaling, (mean, std)


def check_scaling_round_trip(apply_scaling: Callable, undo_scaling: Callable, train: np.ndarray, scaling: Any) -> None:
    """apply_scaling(train, scaling) is (train - mean) / std, and undo_scaling gives train back;
    neither changes its argument."""
    mean, std = scaling_numbers(scaling)
    call = "apply_scaling(train, fit_scaling(train))"
    scaled = unchanged_result(apply_scaling, train, "apply_scaling(train, scaling)", "train", scaling)
    check_finite(scaled, call, "the scaled part")
    if not np.allclose(scaled, (train - mean) / std, atol=1e-9):
        fail(
            f"{call} has mean {scaled.mean():.4g} and standard deviation {scaled.std():.4g}; expected "
            f"(train - {mean:.4g}) / {std:.4g}: subtract the training part's mean, divide by its standard deviation."
        )
    back = unchanged_result(undo_scaling, scaled, "undo_scaling(scaled, scaling)", "scaled", scaling)
    if not np.allclose(back, train):
        fail(
            f"undo_scaling(apply_scaling(train, scaling), scaling) returned {short_array(back, 4)}; expected "
            "the training part back."
        )


def scaling_numbers(scaling: Any) -> tuple[float, float]:
    named = isinstance(scaling, dict)
    return tuple(float(value) for value in ((scaling["mean"], scaling["std"]) if named else scaling))


def check_same_scaling_for_every_part(
    apply_scaling: Callable, scaling: Any, test_part: np.ndarray, other_part: np.ndarray
) -> None:
    """A test part is scaled with the training part's statistics: what it holds itself changes nothing."""
    mean, std = scaling_numbers(scaling)
    check_result(
        np.asarray(apply_scaling(test_part, scaling), dtype=np.float64),
        (test_part - mean) / std,
        "apply_scaling(test part, fit_scaling(train))",
        {
            "It scales each part with its own statistics: the test part's mean then leaks from the future.": (
                lambda _: np.isclose(np.mean(apply_scaling(other_part, scaling)), 0, atol=1e-6)
            ),
        },
        shown=lambda values: short_array(values, 4),
        lesson=", the test part scaled with the training part's mean and standard deviation. Fit once, on the "
        "training part, and apply that to every part",
        equal=lambda got, want: np.allclose(got, want, atol=1e-9),
    )
