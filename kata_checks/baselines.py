"""The simple predictors a trained model is measured against, scored on a training test's own
held-out data: what a learner's model must clearly beat for its training to mean anything.

Errors are shares of the held-out targets' variance (always predicting the mean scores about
1.0); accuracies are shares of correct labels.
"""

import numpy as np


def error_share(predictions: np.ndarray, targets: np.ndarray) -> float:
    """Mean squared error as a share of the targets' variance."""
    return float(np.mean((predictions - targets) ** 2) / np.var(targets))


def latest_inputs(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """At each output step, the most recent input the model has read: the input at the same
    step when there is an output per input step, otherwise the last input. Feature 0 of it, as
    many times as the targets have values."""
    latest = x[:, :, :1] if y.ndim == 3 and y.shape[1] == x.shape[1] else x[:, -1:, :1]
    return np.broadcast_to(latest if y.ndim == 3 else latest[:, 0], y.shape)


def least_squares(train_features: np.ndarray, train_targets: np.ndarray, test_features: np.ndarray) -> np.ndarray:
    """A linear fit, with a bias, from each example's features to all its targets at once."""
    with_bias = lambda features: np.hstack([features, np.ones((len(features), 1))])  # noqa: E731
    weights, *_ = np.linalg.lstsq(with_bias(train_features), train_targets, rcond=None)
    return with_bias(test_features) @ weights


def regression_baselines(train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]) -> dict:
    """Name -> held-out error share of: always the training mean, the latest input, and least
    squares on the whole window (every input value of an example, one linear fit)."""
    (x_train, y_train), (x_test, y_test) = train, test
    flat = lambda array: array.reshape(len(array), -1).astype(np.float64)  # noqa: E731
    fitted = least_squares(flat(x_train), flat(y_train), flat(x_test)).reshape(y_test.shape)
    return {
        "always the mean": error_share(np.full_like(y_test, y_train.mean()), y_test),
        "the latest input": error_share(latest_inputs(x_test, y_test), y_test),
        "least squares on the window": error_share(fitted, y_test),
    }


def word_counts(tokens: np.ndarray, vocab_size: int) -> np.ndarray:
    """How often each token id occurs in each row, padding (id 0) left out: a bag of words."""
    counts = np.zeros((len(tokens), vocab_size))
    for row, ids in enumerate(tokens):
        np.add.at(counts[row], ids[ids > 0], 1)
    return counts


def classification_baselines(train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]) -> dict:
    """Name -> held-out accuracy of: always the commoner training label, and least squares on
    the word counts (a linear bag of words, which cannot see word order)."""
    (x_train, y_train), (x_test, y_test) = train, test
    vocab_size = int(max(x_train.max(), x_test.max())) + 1
    fitted = least_squares(word_counts(x_train, vocab_size), y_train, word_counts(x_test, vocab_size))
    commoner = float(np.mean(y_train) >= 0.5)
    return {
        "the commoner label": float(np.mean(y_test == commoner)),
        "least squares on word counts": float(np.mean((fitted > 0.5) == (y_test > 0.5))),
    }
