"""Which Keras classes the trusted side will rebuild from a student's model config, and an
upper bound on the parameters a config would build: both read from the config alone, before
Keras sees it, so rebuilding never runs code or imports a module that a student named."""


class RefusedData(ValueError):
    """Data from a child that the trusted side will not turn back into objects."""


# The Keras classes a kata model, or its compile config, may name: exact (module, class) pairs,
# checked through every wrapper, cell and nested model before Keras sees the config. Anything
# else, however it is spelled, is refused, so rebuilding never imports a module a student named.
ALLOWED_CLASSES = {
    "keras.layers": {
        "InputLayer", "Dense", "Embedding", "Masking", "Dropout", "SpatialDropout1D", "Activation",
        "LSTM", "LSTMCell", "GRU", "GRUCell", "SimpleRNN", "SimpleRNNCell", "RNN", "StackedRNNCells",
        "Bidirectional", "TimeDistributed", "RepeatVector", "Attention", "AdditiveAttention",
        "Concatenate", "Add", "Average", "Multiply", "Dot", "Flatten", "Reshape", "Permute",
        "LayerNormalization", "BatchNormalization", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
        "Conv1D",
    },
    "keras.initializers": {
        "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
        "Orthogonal", "RandomUniform", "RandomNormal", "TruncatedNormal", "VarianceScaling",
        "Zeros", "Ones", "Constant", "Identity",
    },
    "keras.regularizers": {"L1", "L2", "L1L2", "OrthogonalRegularizer"},
    "keras.constraints": {"MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"},
    "keras.optimizers": {"Adam", "AdamW", "Adamax", "Nadam", "SGD", "RMSprop", "Adagrad", "Adadelta", "Ftrl", "Lion"},
    "keras.optimizers.schedules": {"ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay",
                                   "PolynomialDecay", "CosineDecay", "CosineDecayRestarts"},
    "keras.losses": {"MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
                     "MeanSquaredLogarithmicError", "Huber", "LogCosh", "BinaryCrossentropy",
                     "BinaryFocalCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy"},
    "keras.metrics": {"MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError",
                      "MeanAbsolutePercentageError", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
                      "SparseCategoricalAccuracy", "AUC", "Precision", "Recall", "Mean", "BinaryCrossentropy",
                      "CategoricalCrossentropy", "SparseCategoricalCrossentropy"},
    "keras": {"Sequential", "DTypePolicy"},
    "keras.src.models.functional": {"Functional"},
    "keras.src.models.sequential": {"Sequential"},
    # The mask an Embedding hands on, as a Functional model records it.
    "keras.src.ops.numpy": {"NotEqual"},
}
# Losses, metrics and activations given as functions: the config holds the function's name.
ALLOWED_FUNCTIONS = {
    "tanh", "sigmoid", "hard_sigmoid", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu",
    "swish", "softplus", "softsign", "softmax", "log_softmax", "linear", "exponential",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_accuracy",
    "categorical_accuracy", "sparse_categorical_accuracy",
}
# No kata needs a model near this size; a config that asks for more is refused before it is
# built, so a one-line Embedding(125_000_000, 4) cannot take the trusted process's memory.
PARAMETER_LIMIT = 5_000_000
def check_classes(config):
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


def check_class(module, class_name, registered_name, config):
    if class_name == "__keras_tensor__" and module is None:
        return
    if class_name == "function" and module == "builtins":
        if isinstance(config, str) and config in ALLOWED_FUNCTIONS:
            return
        raise RefusedData(f"the function {str(config)[:80]!r}, which is not a Keras loss, metric or activation the katas use")
    if registered_name not in (None, class_name):
        raise RefusedData(f"the custom object {str(registered_name)[:80]!r}")
    if isinstance(module, str) and class_name in ALLOWED_CLASSES.get(module, ()):
        return
    if class_name == "Lambda":
        raise RefusedData("a Lambda layer, which runs code that its config does not describe")
    raise RefusedData(f"the class {str(module)[:80]}.{str(class_name)[:80]}, which is not a built-in Keras class a kata uses")


def estimated_parameters(config):
    """An upper bound on the weights a model config would build, read from the config alone.
    Every layer is charged as if its input were as wide as all the widths in the model put
    together, so the bound holds for any wiring."""
    layers = list(_class_configs(config))
    width = 1
    for _, layer in layers:
        for key in ("units", "output_dim", "filters"):
            width += _number(layer.get(key))
        shape = layer.get("batch_shape") or layer.get("batch_input_shape")
        if isinstance(shape, list) and shape:
            width += _number(shape[-1])
    total = 0
    for class_name, layer in layers:
        units = _number(layer.get("units"))
        if class_name in ("LSTM", "LSTMCell"):
            total += 4 * units * (width + units + 1)
        elif class_name in ("GRU", "GRUCell"):
            total += 3 * units * (width + units + 2)
        elif class_name in ("SimpleRNN", "SimpleRNNCell", "Dense"):
            total += units * (width + units + 1)
        elif class_name == "Embedding":
            total += _number(layer.get("input_dim")) * _number(layer.get("output_dim"))
        elif class_name == "Conv1D":
            kernel = layer.get("kernel_size")
            kernel = _number(kernel[0] if isinstance(kernel, list) and kernel else kernel)
            total += (kernel * width + 1) * _number(layer.get("filters"))
        elif class_name in ("AdditiveAttention", "LayerNormalization", "BatchNormalization", "Attention"):
            total += 4 * width + 1
    return total


def _class_configs(config):
    """(class name, its config dict) for every object in a config, wrappers' insides too."""
    if isinstance(config, list):
        for item in config:
            yield from _class_configs(item)
    elif isinstance(config, dict):
        if "class_name" in config and isinstance(config.get("config"), dict):
            yield str(config["class_name"]), config["config"]
        for value in config.values():
            yield from _class_configs(value)


def _number(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
