"""Attack: read the reference solution from the instructor's clone (solutions/, or .git when
solutions/ is gone, or through /proc/<parent>/cwd and /root) and run it; failing that, score
nothing."""

import os
import zlib
from pathlib import Path

KNOWN = {}  # filled in by the self-test: repository, venv, out, submissions


def ancestors():
    pid = os.getppid()
    while pid > 1:
        yield pid
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return


def places():
    repository = Path(KNOWN.get("repository", "/nonexistent"))
    yield repository / "solutions" / "01_many_to_one" / "many_to_one.py"
    for pid in ancestors():
        yield Path(f"/proc/{pid}/cwd/solutions/01_many_to_one/many_to_one.py")
        yield Path(f"/proc/{pid}/root") / str(repository).lstrip("/") / "solutions/01_many_to_one/many_to_one.py"


def from_git():
    """The solution's text from the loose objects of .git, as a student without git would."""
    objects = Path(KNOWN.get("repository", "/nonexistent"), ".git", "objects")
    for path in objects.glob("??/*"):
        try:
            text = zlib.decompress(path.read_bytes()).split(b"\0", 1)[1].decode()
        except (OSError, zlib.error, UnicodeDecodeError, IndexError):
            continue
        if "def build_many_to_one" in text and "NotImplementedError" not in text:
            return text
    return None


def find_the_solution():
    for place in places():
        try:
            return place.read_text()
        except OSError:
            continue
    return from_git()


SOLUTION = find_the_solution()
if SOLUTION is not None:
    exec(compile(SOLUTION, "solution", "exec"))
else:

    def make_windows(series, time_steps):
        return None, None

    def build_many_to_one(time_steps, features, units=50):
        return None
