"""Mistake: sampling with np.random's global generator instead of rng, so no run can be repeated."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_sample_next_draws_only_from_the_rng_it_is_given': 'global generator'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'return int(rng.choice(len(weights), p=weights / weights.sum()))',
        'return int(np.random.choice(len(weights), p=weights / weights.sum()))',
    ),
]
