"""Mistake: forecast feeds the model the history's raw differences, though it was trained on
scaled ones."""

CAUGHT_BY = {"test_forecast_comes_back_in_the_series_units": "feeds the model unscaled differences"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'recent = apply_scaling(difference(history), scaling)[-time_steps:]',
        'recent = difference(history)[-time_steps:]',
    ),
]
