"""Mistake: the baseline repeats the last value instead of the last season."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_seasonal_naive_repeats_the_last_season': 'one season before'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return np.array([last_season[step % season] for step in range(horizon)])',
        'return np.full(horizon, history[-1])',
    ),
]
