"""Attack: change the referee for every later student: a file in the repository (found through
/proc/<parent>/cwd as well), a .pth file in the virtual environment's site-packages, which
would run in every later trusted process, and a module inside keras/src."""

import os
import sys
from pathlib import Path

KNOWN = {}  # filled in by the self-test

MARKER = "kata_hostile_marker"


def try_write(path, text):
    try:
        Path(path).write_text(text)
    except OSError:
        pass


def targets():
    repository = Path(KNOWN.get("repository", "/nonexistent"))
    yield repository / f"{MARKER}.py"
    yield repository / "katas" / f"{MARKER}.py"
    yield Path(f"/proc/{os.getppid()}/cwd/{MARKER}_via_proc.py")
    for folder in [*sys.path, KNOWN.get("site_packages", "/nonexistent")]:
        if folder.endswith("site-packages"):
            yield Path(folder) / f"{MARKER}.pth"
            yield Path(folder) / "keras" / "src" / f"{MARKER}.py"


for target in targets():
    # A comment line: harmless in a .pth file or a module, were the write ever to succeed.
    try_write(target, "# written by a hostile submission\n")


def make_windows(series, time_steps):
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
