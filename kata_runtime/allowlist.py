"""Which Keras classes the trusted side will rebuild from a student's model config, read from the
config alone before Keras sees it, so rebuilding never runs code or imports a module that a
student named; and the largest model it will build (shapes.py measures one)."""


class RefusedData(ValueError):
    """Data from a child that the trusted side will not turn back into objects."""


# The Keras classes a kata model, or its compile config, may name: exact (module, class) pairs,
# checked through every wrapper, cell and nested model before Keras sees the config. Anything
# else, however it is spelled, is refused, so rebuilding never imports a module a student named.
ALLOWED_CLASSES = {
    "keras.layers": {
        "InputLayer",
        "Dense",
        "Embedding",
        "Masking",
        "Dropout",
        "SpatialDropout1D",
        "Activation",
        "LSTM",
        "LSTMCell",
        "GRU",
        "GRUCell",
        "SimpleRNN",
        "SimpleRNNCell",
        "RNN",
        "StackedRNNCells",
        "Bidirectional",
        "TimeDistributed",
        "RepeatVector",
        "Attention",
        "AdditiveAttention",
        "Concatenate",
        "Add",
        "Average",
        "Multiply",
        "Dot",
        "Flatten",
        "Reshape",
        "Permute",
        "LayerNormalization",
        "BatchNormalization",
        "GlobalAveragePooling1D",
        "GlobalMaxPooling1D",
        "Conv1D",
        # Kata 13's frame encoders, and the ConvLSTM2D its lesson compares them with.
        "Conv2D",
        "MaxPooling2D",
        "AveragePooling2D",
        "GlobalMaxPooling2D",
        "GlobalAveragePooling2D",
        "ConvLSTM2D",
        "Softmax",
        "Rescaling",
    },
    "keras.initializers": {
        "GlorotUniform",
        "GlorotNormal",
        "HeUniform",
        "HeNormal",
        "LecunUniform",
        "LecunNormal",
        "Orthogonal",
        "RandomUniform",
        "RandomNormal",
        "TruncatedNormal",
        "VarianceScaling",
        "Zeros",
        "Ones",
        "Constant",
        "Identity",
    },
    "keras.regularizers": {"L1", "L2", "L1L2", "OrthogonalRegularizer"},
    "keras.constraints": {"MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"},
    "keras.optimizers": {"Adam", "AdamW", "Adamax", "Nadam", "SGD", "RMSprop", "Adagrad", "Adadelta", "Ftrl", "Lion"},
    "keras.optimizers.schedules": {
        "ExponentialDecay",
        "InverseTimeDecay",
        "PiecewiseConstantDecay",
        "PolynomialDecay",
        "CosineDecay",
        "CosineDecayRestarts",
    },
    "keras.losses": {
        "MeanSquaredError",
        "MeanAbsoluteError",
        "MeanAbsolutePercentageError",
        "MeanSquaredLogarithmicError",
        "Huber",
        "LogCosh",
        "BinaryCrossentropy",
        "BinaryFocalCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
    },
    "keras.metrics": {
        "MeanSquaredError",
        "MeanAbsoluteError",
        "RootMeanSquaredError",
        "MeanAbsolutePercentageError",
        "Accuracy",
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
        "AUC",
        "Precision",
        "Recall",
        "Mean",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
    },
    "keras": {"Sequential", "DTypePolicy"},
    "keras.src.models.functional": {"Functional"},
    "keras.src.models.sequential": {"Sequential"},
    # The mask an Embedding hands on, as a Functional model records it.
    "keras.src.ops.numpy": {"NotEqual"},
}
# Losses, metrics and activations given as functions: the config holds the function's name.
ALLOWED_FUNCTIONS = {
    "tanh",
    "sigmoid",
    "hard_sigmoid",
    "relu",
    "relu6",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
    "swish",
    "softplus",
    "softsign",
    "softmax",
    "log_softmax",
    "linear",
    "exponential",
    "mean_squared_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "huber",
    "log_cosh",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
}
# No kata needs a model near these sizes; a config that asks for more is refused before it is
# built (shapes.py reads both from its real shapes), so a one-line Embedding(125_000_000, 4), or a
# RepeatVector that makes a Flatten's width a hundred times wider, cannot take the trusted
# process's memory.
PARAMETER_LIMIT = 5_000_000
ACTIVATION_LIMIT = 1_000_000  # values of one layer's output for one example


def check_classes(config: dict) -> None:
    """Refuse any class in a config that is not one of ALLOWED_CLASSES (no Lambda, no custom
    objects, no module a student named): rebuilding a config must never run code a student
    wrote."""
    if isinstance(config, list):
        for item in config:
            check_classes(item)
        return
    if not isinstance(config, dict):
        return
    if "class_name" in config:
        check_class(config.get("module"), config["class_name"], config.get("registered_name"), config.get("config"))
    for value in config.values():
        check_classes(value)


def check_class(module: str | None, class_name: str | None, registered_name: str | None, config: dict) -> None:
    if class_name == "__keras_tensor__" and module is None:
        return
    if class_name == "function" and module == "builtins":
        if isinstance(config, str) and config in ALLOWED_FUNCTIONS:
            return
        raise RefusedData(
            f"the function {str(config)[:80]!r}, which is not a Keras loss, metric or activation the katas use"
        )
    if registered_name not in (None, class_name):
        raise RefusedData(f"the custom object {str(registered_name)[:80]!r}")
    if isinstance(module, str) and class_name in ALLOWED_CLASSES.get(module, ()):
        return
    if class_name == "Lambda":
        raise RefusedData("a Lambda layer, which runs code that its config does not describe")
    raise RefusedData(
        f"the class {str(module)[:80]}.{str(class_name)[:80]}, which is not a built-in Keras class a kata uses"
    )
