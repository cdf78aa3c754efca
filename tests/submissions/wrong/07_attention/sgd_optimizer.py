"""Mistake: compiled with SGD instead of Adam."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_is_compiled_with_adam_and_mean_squared_error': 'Adam'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'model.compile(optimizer="adam", loss="mse")',
        'model.compile(optimizer="sgd", loss="mse")',
    ),
]
