"""Attack: gigabytes written into an anonymous file (memfd), which counts in no process's
resident size, so the memory limit, read from those sizes, never fires."""

import os

KNOWN = {}  # filled in by the self-test
CHUNK = b"x" * 2**26


def make_windows(series, time_steps):
    try:
        fd = os.memfd_create("kata_hostile_marker")
    except OSError as error:
        raise RuntimeError(f"memfd_create was refused: {error}") from None
    for _ in range(40):  # 2.5 GB
        os.write(fd, CHUNK)
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
