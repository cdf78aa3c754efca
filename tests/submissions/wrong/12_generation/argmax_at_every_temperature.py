"""Mistake: the most likely id at every temperature."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_sample_next_draws_from_the_tempered_distribution': 'always returns the most likely id'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return int(rng.choice(len(weights), p=weights / weights.sum()))',
        'return int(np.argmax(weights))',
    ),
]
