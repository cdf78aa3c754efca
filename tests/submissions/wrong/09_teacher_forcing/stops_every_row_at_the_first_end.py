"""Mistake: the loop stops every row as soon as one row ends, cutting the longer ones short."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_greedy_decode_stops_each_row_at_its_own_end_token': 'its own end token'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'if finished.all():',
        'if finished.any():',
    ),
]
