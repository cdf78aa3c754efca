"""Mistake: the window grows with every character instead of sliding."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_generate_feeds_each_character_back_through_a_sliding_window': 'raised'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'window = window[1:] + [next_id]',
        'window = window + [next_id]',
    ),
]
