"""Attack: learn the tests' seed, to redraw the data a test holds back: from any command line
or environment in /proc that names it, and from the request in the caller's stack. What it
found comes back in its error, for the self-test to check that none of it is the test's seed."""

import os
import re
import sys

KNOWN = {}  # filled in by the self-test


def seeds_in_sight():
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{entry}/{part}", "rb") as handle:
                    text = handle.read().decode(errors="replace")
            except OSError:
                continue
            found.update(f"{part}:{match}" for match in re.findall(r"seed[=\x00 \"',:]+(\d+)", text))
    frame = sys._getframe()
    while frame is not None:
        request = frame.f_locals.get("request")
        if isinstance(request, dict) and "seed" in request:
            found.add(f"request:{request['seed']}")
        frame = frame.f_back
    return sorted(found)


def make_windows(series, time_steps):
    raise RuntimeError(f"seeds in sight: {seeds_in_sight()}")


def build_many_to_one(time_steps, features, units=50):
    return None
