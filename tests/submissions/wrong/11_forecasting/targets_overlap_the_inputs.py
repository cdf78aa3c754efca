"""Mistake: each window's targets start at its last input."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_multistep_windows_pair_each_input_with_the_next_horizon_values': 'overlap the inputs'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return spans[:, :time_steps, np.newaxis].copy(), spans[:, time_steps:].copy()',
        'return spans[:, :time_steps, np.newaxis].copy(), spans[:, time_steps - 1 : time_steps - 1 + horizon].copy()',
    ),
]
