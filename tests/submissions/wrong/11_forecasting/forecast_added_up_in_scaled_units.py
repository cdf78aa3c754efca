"""Mistake: forecast adds up the predicted changes from the last level while they are still scaled."""

CAUGHT_BY = {"test_forecast_comes_back_in_the_series_units": "still in scaled units"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return undo_difference(undo_scaling(predicted, scaling), history[-1])',
        'return undo_difference(predicted, history[-1])',
    ),
]
