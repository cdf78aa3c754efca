"""Attack: learn the tests' seed, to redraw the data a test holds back: from any command line
or environment in /proc that names it, from the request in the caller's stack, and from this
process's own memory, which a child forked warm shares with the process it was forked from.
What it found comes back in its error, for the self-test to check that none of it is the test's
seed."""

import gc
import os
import re
import sys

KNOWN = {}  # filled in by the self-test
# The trusted side's pytest argument, --kata-seed=N, with a digit after it: the pattern's own
# text, and any copy of it made while scanning, has none.
SEED_ARGUMENT = re.compile(rb"kata-seed=(\d+)")
REGION_BYTES_LIMIT = 64 * 2**20  # the heap's arenas are small; TensorFlow's own buffers are not
SCAN = {}


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
    return sorted(found | seeds_in_memory())


def seeds_in_memory():
    """Every --kata-seed=N in this process's objects and in its writable memory, once."""
    if "found" not in SCAN:
        found, scanned = set(), 0
        for value in gc.get_objects():
            items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else ()
            for item in items:
                if isinstance(item, str) and "kata-seed" in item:
                    found.update(f"memory:{seed.decode()}" for seed in SEED_ARGUMENT.findall(item.encode()))
        try:
            with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", buffering=0) as memory:
                for line in maps.read().splitlines():
                    fields = line.split()
                    start, end = (int(part, 16) for part in fields[0].split("-"))
                    if not fields[1].startswith("rw") or end - start > REGION_BYTES_LIMIT:
                        continue
                    try:
                        memory.seek(start)
                        data = memory.read(end - start)
                    except (OSError, OverflowError, ValueError):
                        continue
                    scanned += len(data)
                    found.update(f"memory:{seed.decode()}" for seed in SEED_ARGUMENT.findall(data))
        except OSError as error:
            found.add(f"memory refused: {error.strerror}")
        SCAN["found"] = found | {f"memory scanned:{scanned // 2**20} MB"}
    return SCAN["found"]


def make_windows(series, time_steps):
    raise RuntimeError(f"seeds in sight: {seeds_in_sight()}")


def build_many_to_one(time_steps, features, units=50):
    return None
