"""Mistake: the targets moved left, so the decoder reads the very token it must predict."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_inputs_move_the_targets_right_after_the_start_token': 'moves the targets left'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'shifted[:, 0] = start_id',
        'shifted[:, :-1] = targets[:, 1:]',
    ),
    (
        'shifted[:, 1:] = targets[:, :-1]',
        'shifted[:, -1] = start_id',
    ),
]
