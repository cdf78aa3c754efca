"""Mistake: the dot starts anywhere and wraps around the edge, so it jumps across the frame."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {"test_the_dot_moves_one_pixel_per_frame_and_stays_inside": "wrapped around"}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        "clips[clip, steps, row + row_step * steps, column + column_step * steps, 0] += 1.0",
        "row, column = rng.integers(0, size, size=2)\n"
        "        clips[clip, steps, (row + row_step * steps) % size, (column + column_step * steps) % size, 0] += 1.0",
    )
]
