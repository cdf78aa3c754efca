"""Mistake: forecast scales the levels, then differences them; the scaling was fitted on differences."""

CAUGHT_BY = {"test_forecast_comes_back_in_the_series_units": "scales the levels before differencing"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'recent = apply_scaling(difference(history), scaling)[-time_steps:]',
        'recent = difference(apply_scaling(history, scaling))[-time_steps:]',
    ),
]
