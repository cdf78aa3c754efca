"""The tests' own steps for kata 13's clips: the moving dot, the dot's path read back from a clip,
the labels that path implies, a clip drawn as a strip of text frames, and what a model that sees
one frame at a time can get. A verdict on a learner's generator or tagger rests on these steps.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

from kata_checks.diagnoses import TRAINING, TrainingTask, diagnose
from kata_checks.messages import fail
from kata_checks.training import (
    PLAUSIBLY_TRAINED_LOSS,
    HeldOutScore,
    accuracy_to_stop_at,
    baselines_line,
    judge,
    train_and_predict,
)

# A label per frame: the move that brought the dot into it. Rows count from the top.
DIRECTIONS = ("start", "up", "down", "left", "right")
MOVES = {1: (-1, 0), 2: (1, 0), 3: (0, -1), 4: (0, 1)}  # label -> (row step, column step)
ARROWS = {0: "•", 1: "↑", 2: "↓", 3: "←", 4: "→"}
NOISE = 0.05  # the background's standard deviation
DOT = 1.0  # what the dot adds to its pixel


def moving_dot_clips(num_clips: int, frames: int, size: int, rng: np.random.Generator) -> tuple:
    """The test's own clips, made by the lesson's rules: (clips, labels)."""
    clips = rng.normal(0.0, NOISE, size=(num_clips, frames, size, size, 1)).astype(np.float32)
    directions = rng.integers(1, len(DIRECTIONS), size=num_clips)
    steps = np.arange(frames)
    for clip, direction in enumerate(directions):
        row_step, column_step = MOVES[int(direction)]
        rows, columns = starts(row_step, frames, size), starts(column_step, frames, size)
        row, column = rng.integers(rows.start, rows.stop), rng.integers(columns.start, columns.stop)
        clips[clip, steps, row + row_step * steps, column + column_step * steps, 0] += DOT
    labels = np.repeat(directions[:, np.newaxis], frames, axis=1)
    labels[:, 0] = 0
    return clips, labels


def starts(step: int, frames: int, size: int) -> range:
    """The rows (or columns) a dot moving `step` per frame can start on and stay inside the frame
    for all its frames: a dot going up needs frames - 1 rows above it."""
    travel = frames - 1
    return range(travel if step < 0 else 0, size - (travel if step > 0 else 0))


def dot_path(clip: np.ndarray) -> np.ndarray:
    """(frames, 2): the row and column of each frame's brightest pixel."""
    frames, size = clip.shape[0], clip.shape[1]
    flat = clip.reshape(frames, -1).argmax(axis=1)
    return np.stack([flat // size, flat % size], axis=1)


def labels_of_path(path: np.ndarray) -> np.ndarray:
    """The labels a path implies: 0 first, then each one-pixel move's label (-1 for any other step)."""
    by_step = {step: label for label, step in MOVES.items()}
    moves = [by_step.get(tuple(int(v) for v in step), -1) for step in np.diff(path, axis=0)]
    return np.array([0, *moves])


def clip_strip(clip: np.ndarray, truth: Sequence[int], predicted: Sequence[int] | None = None) -> list[str]:
    """A clip as text frames side by side (the dot '#', the rest '.'), with the true labels
    under each frame as arrows, and the predicted ones under those."""
    frames, size = clip.shape[0], clip.shape[1]
    path = dot_path(clip)
    rows = []
    for row in range(size):
        cells = []
        for frame in range(frames):
            line = ["."] * size
            if path[frame][0] == row:
                line[path[frame][1]] = "#"
            cells.append("".join(line))
        rows.append("  " + " ".join(cells))
    width = size + 1
    rows.append("  " + "".join(f"frame {frame}".ljust(width)[:width] for frame in range(frames)))
    rows.append("  " + "".join(ARROWS.get(int(label), "?").ljust(width) for label in truth) + "true")
    if predicted is not None:
        rows.append("  " + "".join(ARROWS.get(int(label), "?").ljust(width) for label in predicted) + "predicted")
    return rows


def dot_frames(size: int, positions: Sequence[tuple[int, int]]) -> np.ndarray:
    """(len(positions), size, size, 1): one noiseless frame with a dot at each position."""
    frames = np.zeros((len(positions), size, size, 1), np.float32)
    for index, (row, column) in enumerate(positions):
        frames[index, row, column, 0] = DOT
    return frames


def position_baseline(train: tuple, test: tuple) -> float:
    """The held-out accuracy of the best guess from one frame's dot position alone: for each
    position, the commonest label there in the training clips. A frame does say a little, for
    a dot near an edge has come from inside; no model that sees one frame at a time does better."""
    (x_train, y_train), (x_test, y_test) = train, test

    def positions(clips):
        frames, size = clips.shape[1], clips.shape[2]
        flat = clips.reshape(len(clips) * frames, -1).argmax(axis=1)
        return flat, size * size

    where, cells = positions(x_train)
    counts = np.zeros((cells, len(DIRECTIONS)))
    np.add.at(counts, (where, y_train.ravel()), 1)
    guesses = counts.argmax(axis=1)
    held_out, _ = positions(x_test)
    return float(np.mean(guesses[held_out] == y_test.ravel()))


def commonest_label(train: tuple, test: tuple) -> float:
    """The held-out accuracy of always the commonest training label."""
    (_, y_train), (_, y_test) = train, test
    return float(np.mean(y_test == np.bincount(y_train.ravel()).argmax()))


def frame_accuracy(model: keras.Model, clips: np.ndarray, labels: np.ndarray) -> float:
    """The share of frames whose likeliest class is their label."""
    return float(np.mean(np.argmax(np.asarray(model(clips, training=False)), axis=-1) == labels))


def check_learns_to_label_frames(
    model: keras.Model, call: str, seed: int, train: tuple, test: tuple, bar: float, max_epochs: int
) -> None:
    """Train `model` as the learner compiled it on the test's clips `train`; its accuracy per
    frame on the held-out clips `test` must reach `bar`. Training stops once the accuracy on the
    training clips is two thirds of the way from the bar to 1."""
    (x_train, y_train), (x_test, y_test) = train, test
    stop_at = accuracy_to_stop_at(bar)
    task = "which way the dot moves"
    losses, predictions = train_and_predict(
        model,
        call,
        task,
        train,
        x_test,
        max_epochs,
        32,
        lambda trained, logs: (
            logs.get("loss", 0.0) < PLAUSIBLY_TRAINED_LOSS and frame_accuracy(trained, x_train, y_train) >= stop_at
        ),
    )
    if predictions.shape != (*y_test.shape, len(DIRECTIONS)):
        fail(f"{call} predicted shape {predictions.shape} for labels of shape {y_test.shape}.")
    guessed = np.argmax(predictions, axis=-1)
    score = float(np.mean(guessed == y_test))
    baselines = {
        "the commonest label": commonest_label(train, test),
        "the best guess from one frame's dot position": position_baseline(train, test),
    }
    shown = int(np.argmax(np.any(guessed != y_test, axis=1)))  # a clip it gets wrong, if any
    result = HeldOutScore(
        score,
        bar,
        baselines,
        [
            f"It labels {score:.1%} of the frames of {len(y_test)} fresh clips right; required at least {bar:.0%}.",
            baselines_line(baselines, "accuracy", 3),
        ],
        examples=[
            f"Held-out clip {shown}, its true labels and yours:",
            *clip_strip(x_test[shown], y_test[shown], guessed[shown]),
        ],
    )
    judge(call, task, seed, losses, result, lambda: diagnose(TRAINING, model, TrainingTask("softmax")))
