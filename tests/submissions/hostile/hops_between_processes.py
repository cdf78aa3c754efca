"""Attack: a process that forks and exits again and again, so that the process a sweep of
orphans found is gone by the time it is signalled, and its successor outlives the grader to
rewrite the gradebook."""

import os
import sys

KNOWN = {}  # filled in by the self-test

HOPPER = """
import os, sys, time
out = sys.argv[1]
for _ in range(200_000):
    for name in ("gradebook.csv", "results/reference.json"):
        try:
            with open(out + "/" + name, "w") as handle:
                handle.write("kata_hostile_marker")
        except OSError:
            pass
    try:
        if os.fork() != 0:
            os._exit(0)  # the child goes on under a new pid
    except OSError:
        time.sleep(0.01)
    time.sleep(0.002)
"""


def start_hopper():
    if os.fork() != 0:
        return
    # The marker in its command line lets the self-test find it, should it survive.
    os.execv(sys.executable, [sys.executable, "-c", HOPPER, KNOWN.get("out", "/nonexistent"), "kata_hostile_marker"])


start_hopper()


def make_windows(series, time_steps):
    start_hopper()
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
