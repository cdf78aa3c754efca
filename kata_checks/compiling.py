"""Compile settings: the optimizer, the loss however it was given, and the metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import keras

from kata_checks.findings import found
from kata_checks.layers import dense_layers, final_activation
from kata_checks.messages import fail

if TYPE_CHECKING:  # for annotations only: the module does not need it at run time
    import numpy as np


def loss_name(loss: Any) -> str:
    """The name of a compiled loss however it was given: 'mse', a function or a Loss object."""
    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except (ValueError, TypeError):
            return loss
    if isinstance(loss, keras.losses.Loss):
        # Built-in Loss classes wrap the function of the same name: MeanSquaredError().fn.
        return getattr(getattr(loss, "fn", None), "__name__", type(loss).__name__)
    return getattr(loss, "__name__", repr(loss))


REGRESSION_LOSS = (
    "mean_squared_error",
    "mean squared error (loss='mse' or keras.losses.MeanSquaredError()), the loss for a regression target",
)


CLASSIFICATION_LOSS = (
    "binary_crossentropy",
    "binary cross-entropy (loss='binary_crossentropy' or keras.losses.BinaryCrossentropy()), the loss for a yes/no "
    "label",
)


TOKEN_LOSS = (
    "sparse_categorical_crossentropy",
    "sparse categorical cross-entropy (loss='sparse_categorical_crossentropy' or "
    "keras.losses.SparseCategoricalCrossentropy()), the loss for integer token ids as targets. "
    "categorical_crossentropy wants each target as a one-hot vector of num_tokens values",
)


LABEL_LOSS = (
    "sparse_categorical_crossentropy",
    "sparse categorical cross-entropy (loss='sparse_categorical_crossentropy' or "
    "keras.losses.SparseCategoricalCrossentropy()), the loss for integer labels such as 0..4. "
    "categorical_crossentropy wants each label as a one-hot vector of num_classes values",
)


def check_reports_accuracy(model: keras.Model, call: str, x: np.ndarray, y: np.ndarray) -> None:
    """model.evaluate() reports an accuracy: the metric a classifier is judged by."""
    try:
        results = model.evaluate(x, y, verbose=0, return_dict=True)
    except Exception as error:  # noqa: BLE001 - reported as a teaching message
        fail(f"{call}: model.evaluate() raised {type(error).__name__}: {error}")
    if not any("acc" in name for name in results):
        fail(
            f"{call} reports {sorted(results)} when evaluated; expected an accuracy too. "
            'Add metrics=["accuracy"] to model.compile().'
        )


def check_compiled_with_adam(model: keras.Model, call: str, loss: Any = REGRESSION_LOSS) -> None:
    """Compiled with Adam (any learning rate) and the loss `loss` = (name, how to ask for it)."""
    wanted_loss, how = loss
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        fail(
            f"{call} returned a model that is not compiled; "
            + found(
                "not_compiled",
                f"expected model.compile(optimizer='adam', loss=...) with {how.split(' (')[0]}, before `return model`.",
            )
        )
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.Adam) or isinstance(optimizer, keras.optimizers.AdamW):
        fail(
            f"{call} is compiled with the {type(optimizer).__name__} optimizer; "
            + found(
                "optimizer_that_is_not_adam",
                "expected Adam (optimizer='adam' or keras.optimizers.Adam()). Adam adapts each weight's step size, "
                "which is why it is the default choice for LSTMs.",
            )
        )
    compiled_loss = model.loss
    if isinstance(compiled_loss, (list, tuple)) and len(compiled_loss) == 1:
        compiled_loss = compiled_loss[0]
    if isinstance(compiled_loss, dict) and len(compiled_loss) == 1:
        compiled_loss = next(iter(compiled_loss.values()))
    name = loss_name(compiled_loss)
    if name != wanted_loss:
        fail(f"{call} is compiled with loss {name}; " + found("loss_for_another_target", f"expected {how}."))
    dense = dense_layers(model)
    squashed = bool(dense) and final_activation(model, dense[-1][0]) in ("sigmoid", "softmax")
    config = compiled_loss.get_config() if isinstance(compiled_loss, keras.losses.Loss) else {}
    if squashed and config.get("from_logits"):
        fail(
            f"{call} is compiled with {type(compiled_loss).__name__}(from_logits=True), "
            + found(
                "from_logits_on_a_probability",
                "but its output is already a probability: the loss would apply a sigmoid to it a second time, and "
                "its gradients would be wrong. Drop from_logits=True (the model's sigmoid makes the probability), "
                "or end the model in a Dense with no activation and keep from_logits=True.",
            )
        )
