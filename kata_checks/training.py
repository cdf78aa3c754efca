"""Training a learner's model on a toy task, and the failure that shows why it did not learn:
the score against the bar, the learning curve as a sparkline, and the diagnoses.
"""

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

import keras
import numpy as np

from kata_checks.baselines import classification_baselines, regression_baselines
from kata_checks.diagnoses import TRAINING, TrainingTask, diagnose
from kata_checks.messages import error_line, fail, short_array, sparkline


class StopWhenGoodEnough(keras.callbacks.Callback):
    """Stop as soon as the model is well past the bar: a right model passes fast."""

    def __init__(self, good_enough):
        super().__init__()
        self.good_enough = good_enough  # good_enough(model, logs) -> bool

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        loss = (logs or {}).get("loss")
        if (loss is not None and not math.isfinite(loss)) or self.good_enough(self.model, logs or {}):
            self.model.stop_training = True


def train(
    model: keras.Model,
    call: str,
    task: str,
    data: tuple[Any, Any],
    max_epochs: int,
    batch_size: int,
    good_enough: Callable[[keras.Model, dict], bool],
) -> list[float]:
    """Train `model` as the learner compiled it on the test's own `data` (x, y); return the
    training loss per epoch."""
    x_train, y_train = data
    try:
        history = model.fit(
            x_train,
            y_train,
            batch_size=batch_size,
            epochs=max_epochs,
            verbose=0,
            shuffle=True,
            callbacks=[StopWhenGoodEnough(good_enough)],
        )
    except Exception as error:  # noqa: BLE001 - reported as a teaching message
        fail_to_run(f"Training {call} on {task}", error, x_train, y_train)
    return history.history.get("loss", [])


def shapes_of(data: Any) -> str:
    """'(64, 6)', or '[(64, 6), (64, 7)]' for a model of several inputs."""
    if isinstance(data, (list, tuple)):
        return "[" + ", ".join(shapes_of(part) for part in data) + "]"
    return str(np.shape(data))


def fail_to_run(what: str, error: BaseException, x: Any, y: Any) -> NoReturn:
    first_line = error_line(error)
    fail(
        f"{what} raised {type(error).__name__}: {first_line}\nThe data has x of shape {shapes_of(x)} and y of "
        f"shape {shapes_of(y)}."
    )


def train_and_predict(
    model: keras.Model,
    call: str,
    task: str,
    train_data: tuple[Any, Any],
    x_test: np.ndarray,
    max_epochs: int,
    batch_size: int,
    good_enough: Callable[[keras.Model, dict], bool],
) -> tuple[list[float], np.ndarray]:
    """Train `model` as the learner compiled it, then predict `x_test`; return (losses, predictions)."""
    losses = train(model, call, task, train_data, max_epochs, batch_size, good_enough)
    try:
        predictions = np.asarray(model(x_test, training=False))
    except Exception as error:  # noqa: BLE001 - reported as a teaching message
        fail_to_run(f"Predicting with {call} after training on {task}", error, *train_data)
    return losses, predictions


# Where a training test records how it went: the kata plugin sets this, for the running test, to
# a function that appends to its user properties (pytest's record_property), so that the grade
# report carries the figures as data and tests/benchmark.py reads them from there.
TRAINING_RECORDER: ContextVar[Callable[[str, object], None] | None] = ContextVar("training_recorder", default=None)


def record_training(losses: Sequence[float], score: float, bar: float, baselines: Mapping[str, float]) -> None:
    """Record the epochs, the held-out score, the bar and the baselines' scores of a training
    test, passed or not: the benchmark compares the reference and the known wrong designs."""
    record = TRAINING_RECORDER.get()
    if record is not None:
        record(
            "kata_training",
            {
                "epochs": len(losses),
                "score": float(score) if math.isfinite(score) else None,  # None: the loss became NaN
                "bar": float(bar),
                "baselines": dict(baselines),
            },
        )


def baselines_line(baselines: Mapping[str, float], unit: str, digits: int) -> str:
    return (
        f"Simple baselines on the same data ({unit}): "
        + ", ".join(f"{name} {score:.{digits}f}" for name, score in baselines.items())
        + "."
    )


def fail_training(
    call: str,
    task: str,
    seed: int,
    score_lines: Sequence[str],
    losses: Sequence[float],
    targets: Any = None,
    predictions: Any = None,
    reasons: Sequence[str] = (),
    examples: Sequence[str] = (),
) -> NoReturn:
    """Fail with the score against the baselines, the learning curve, a few predictions (or
    `examples`, lines that show them) and the likely mistakes."""
    losses, reasons = list(losses), list(reasons)
    shown = losses if len(losses) <= 12 else losses[:6] + ["..."] + losses[-5:]
    curve = " ".join(loss if loss == "..." else f"{loss:.3g}" for loss in shown)
    lines = [
        f"{call} did not learn {task} (seed {seed}).",
        *score_lines,
        f"Training loss per epoch: {sparkline(losses)}",
        f"Training loss over {len(losses)} epochs: {curve}",
    ]
    if targets is not None:
        lines += [f"First targets:     {short_array(targets, 6)}", f"First predictions: {short_array(predictions, 6)}"]
    lines += examples
    if any(not math.isfinite(loss) for loss in losses):
        reasons = reasons + ["The loss became NaN: lower the learning rate or clip the gradients."]
    lines.append(
        "Likely mistake: " + " ".join(reasons)
        if reasons
        else "Check the architecture and the optimizer's learning rate (Adam's default, 0.001, works)."
    )
    fail("\n".join(lines))


@dataclasses.dataclass(frozen=True)
class HeldOutScore:
    """What a training test measured after training, on data it made itself: the score, its bar
    (a least share, or with `lower_is_better` a most), the simple baselines' scores on the same
    data, and the lines and likely mistakes a failure shows."""

    score: float
    bar: float
    baselines: Mapping[str, float]
    score_lines: Sequence[str]
    lower_is_better: bool = False
    reasons: Sequence[str] = ()
    examples: Sequence[str] = ()
    targets: Any = None  # the first held-out targets and predictions, shown beside each other
    predictions: Any = None

    @property
    def passed(self) -> bool:
        if not math.isfinite(self.score):
            return False
        return self.score <= self.bar if self.lower_is_better else self.score >= self.bar


def check_learns_by(
    model: keras.Model,
    call: str,
    task: str,
    seed: int,
    data: tuple[Any, Any],
    max_epochs: int,
    batch_size: int,
    good_enough: Callable[[keras.Model, dict], bool],
    held_out_score: Callable[[keras.Model, list[float]], HeldOutScore],
) -> None:
    """Train `model` as the learner compiled it on the test's `data`, then score it with the
    test's own `held_out_score(model, losses)`; record the figures, and fail below the bar with
    the learning curve and the likely mistakes."""
    losses = train(model, call, task, data, max_epochs, batch_size, good_enough)
    judge(call, task, seed, losses, held_out_score(model, losses))


def judge(
    call: str,
    task: str,
    seed: int,
    losses: Sequence[float],
    result: HeldOutScore,
    diagnoses: Callable[[], Sequence[str]] = tuple,
) -> None:
    """Record a training test's figures, passed or not, and fail below the bar with the score,
    the learning curve, the first predictions, and the likely mistakes: the result's own, then
    `diagnoses()`, read from the model only when it failed."""
    record_training(losses, result.score, result.bar, result.baselines)
    if result.passed:
        return
    fail_training(
        call,
        task,
        seed,
        result.score_lines,
        losses,
        result.targets,
        result.predictions,
        [*result.reasons, *diagnoses()],
        result.examples,
    )


def check_learns(
    model: keras.Model,
    call: str,
    task: str,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    seed: int,
    required_ratio: float,
    max_epochs: int,
    batch_size: int = 32,
    needs_the_future: bool = False,
    decodes: bool = False,
) -> None:
    """Train `model` as the learner compiled it; its held-out mean squared error must be below
    `required_ratio` times the error of always predicting the mean (the targets' variance), and
    is reported as that share, beside the simple baselines' shares.
    Training stops once the training loss is below 0.4 times that bar. `needs_the_future`
    says that each step's target depends on later steps, and `decodes` that the model is an
    encoder-decoder (where RepeatVector belongs), for the diagnosis."""
    x_test, y_test = test
    variance = float(np.var(y_test))
    required = required_ratio * variance
    stop_at = 0.4 * required_ratio * float(np.var(train[1]))
    losses, predictions = train_and_predict(
        model,
        call,
        task,
        train,
        x_test,
        max_epochs,
        batch_size,
        lambda _, logs: logs.get("loss", math.inf) <= stop_at,
    )
    if predictions.shape != y_test.shape:
        fail(f"{call} predicted shape {predictions.shape} for targets of shape {y_test.shape}.")
    error = float(np.mean((predictions - y_test) ** 2))
    share = error / variance if math.isfinite(error) else math.inf
    baselines = regression_baselines(train, test)
    score_lines = [
        f"Held-out mean squared error {error:.4g}, {share:.3g} of the targets' variance "
        f"{variance:.4g}; required at most {required_ratio:.3g} of it ({required:.4g}).",
        baselines_line(baselines, "shares of the variance", 2),
    ]
    first = {"targets": y_test[0], "predictions": predictions[0]}
    result = HeldOutScore(share, required_ratio, baselines, score_lines, lower_is_better=True, **first)
    kind = TrainingTask("linear", needs_the_future, decodes)
    judge(call, task, seed, losses, result, lambda: diagnose(TRAINING, model, kind))


# Cross-entropy above this goes with an accuracy well short of any stopping point.
PLAUSIBLY_TRAINED_LOSS = 0.3


def accuracy_to_stop_at(bar: float) -> float:
    """Training stops two thirds of the way from an accuracy bar to 1: a right model passes fast."""
    return bar + 2 * (1 - bar) / 3


def check_learns_to_classify(
    model: keras.Model,
    call: str,
    task: str,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    seed: int,
    required_accuracy: float,
    max_epochs: int,
    batch_size: int = 32,
) -> None:
    """Train `model` as the learner compiled it; its held-out accuracy (probability > 0.5 means
    label 1) must reach `required_accuracy`. Training stops once the training accuracy is two
    thirds of the way from that bar to 1."""
    (x_train, y_train), (x_test, y_test) = train, test
    stop_at = accuracy_to_stop_at(required_accuracy)

    def accuracy(probabilities, labels):
        return float(np.mean((np.asarray(probabilities) > 0.5) == (labels > 0.5)))

    losses, predictions = train_and_predict(
        model,
        call,
        task,
        train,
        x_test,
        max_epochs,
        batch_size,
        # A loss this high means the accuracy is not there yet: skip the costly pass over the
        # training set (a third of an epoch's time) until the loss says it may be.
        lambda trained, logs: (
            logs.get("loss", 0.0) < PLAUSIBLY_TRAINED_LOSS
            and accuracy(trained(x_train, training=False), y_train) >= stop_at
        ),
    )
    if predictions.shape != y_test.shape:
        fail(f"{call} predicted shape {predictions.shape} for labels of shape {y_test.shape}.")
    score = accuracy(predictions, y_test)
    baselines = classification_baselines(train, test)
    score_lines = [
        f"Held-out accuracy {score:.3f}; required at least {required_accuracy:.3f}.",
        baselines_line(baselines, "accuracy", 3),
    ]
    result = HeldOutScore(
        score, required_accuracy, baselines, score_lines, targets=y_test[:6, 0], predictions=predictions[:6, 0]
    )
    judge(call, task, seed, losses, result, lambda: diagnose(TRAINING, model, TrainingTask("sigmoid")))
