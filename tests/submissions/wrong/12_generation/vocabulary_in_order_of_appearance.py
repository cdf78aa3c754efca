"""Mistake: the characters in the order they first appear, which depends on the text's order, not sorted."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_char_vocabulary_is_sorted_and_its_mappings_agree': 'sort them'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'chars = sorted(set(text))',
        'chars = list(dict.fromkeys(text))',
    ),
]
