"""Mistake: the forecast is left in differences, never added up from the last value."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_forecast_comes_back_in_the_series_units': 'It is in differences'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return undo_difference(undo_scaling(predicted, scaling), history[-1])',
        'return undo_scaling(predicted, scaling)',
    ),
]
