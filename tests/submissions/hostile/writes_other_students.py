"""Attack: change other students' work: their folders in SUBMISSIONS, before they are read,
and the temporary folders of students graded at the same time (--jobs 2)."""

import glob
import os
import tempfile
from pathlib import Path

KNOWN = {}  # filled in by the self-test

MARKER = "kata_hostile_marker"

victims = [Path(KNOWN.get("submissions", "/nonexistent")) / "reference" / "01_many_to_one"]
for root in {tempfile.gettempdir(), "/tmp", "/var/tmp", str(Path(KNOWN.get("out", "/nonexistent")).parent)}:
    victims += [Path(path) for path in glob.glob(f"{root}/kata-grade-*/submission/01_many_to_one")]
    victims += [Path(path) for path in glob.glob(f"{root}/kata-grade-*/trusted/kata-child-*/runtime")]
for folder in victims:
    try:
        (folder / f"{MARKER}.py").write_text("# written by a hostile submission\n")
    except OSError:
        pass


def make_windows(series, time_steps):
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
