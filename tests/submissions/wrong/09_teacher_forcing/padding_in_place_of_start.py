"""Mistake: the first decoder input is padding, not the start token."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_inputs_move_the_targets_right_after_the_start_token': 'must start with start_id'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'shifted[:, 0] = start_id',
        'shifted[:, 0] = 0',
    ),
]
