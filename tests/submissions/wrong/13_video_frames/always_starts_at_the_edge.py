"""Mistake: every dot starts at the first place that leaves it room, so a clip's start is known
from its direction."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_directions_and_starting_places_are_drawn_at_random": "places that leave room"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        "row = rng.integers(travel if row_step < 0 else 0, size - (travel if row_step > 0 else 0))",
        "row = travel if row_step < 0 else 0",
    ),
    (
        "column = rng.integers(travel if column_step < 0 else 0, size - (travel if column_step > 0 else 0))",
        "column = travel if column_step < 0 else 0",
    ),
]
