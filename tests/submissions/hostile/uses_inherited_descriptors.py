"""Attack: use whatever descriptor the child inherited beyond its two pipes: the socket of the
server that forks children warm (which would fork processes to the student's order, outside
the child's confinement), the trusted process's report pipe or its pipe of pytest arguments.
It names each one it finds in its error (writing to one would only break its own replies), for
the self-test to check that there were none."""

import os
import sys

KNOWN = {}  # filled in by the self-test


def descriptors_beyond_the_pipes():
    own = {0, 1, 2, int(sys.argv[1]), int(sys.argv[2])}
    found = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd in own:
            continue
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # the listing's own descriptor, closed by now
        found.append(f"{fd} -> {target}")
    return found


def make_windows(series, time_steps):
    raise RuntimeError(f"descriptors beyond its pipes: {descriptors_beyond_the_pipes()}")


def build_many_to_one(time_steps, features, units=50):
    return None
