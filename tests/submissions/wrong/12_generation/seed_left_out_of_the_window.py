"""Mistake: the window starts empty, padded with id 0, so the seed does not count."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_generate_feeds_each_character_back_through_a_sliding_window': "does not follow the seed's last"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'window = [char_to_id[char] for char in seed_text[-time_steps:]]',
        'window = [0] * time_steps',
    ),
]
