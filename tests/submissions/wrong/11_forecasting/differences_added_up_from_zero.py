"""Mistake: the differences are added up from 0, not from the last known value."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_differencing_and_its_inverse_give_the_series_back': 'starts from 0', 'test_forecast_comes_back_in_the_series_units': 'starts from 0'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return last_value + np.cumsum(np.asarray(differences, dtype=np.float64))',
        'return np.cumsum(np.asarray(differences, dtype=np.float64))',
    ),
]
