"""Run the kata tests in a real pytest process and read the result: the self-tests' helpers.

Each run is a subprocess, as a learner or an instructor would start it, so the self-tests see
exactly the output and outcomes they would see.
"""

import dataclasses
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
KATAS = REPO / "katas"
SOLUTIONS = REPO / "solutions"
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def kata_folders():
    return sorted(path for path in KATAS.iterdir() if path.is_dir() and path.name[:2].isdigit())


def kata_module_name(kata_folder):
    """The module a kata's learner edits: katas/01_many_to_one/many_to_one.py -> 'many_to_one'."""
    (test_file,) = Path(kata_folder).glob("test_*.py")
    return test_file.stem.removeprefix("test_")


@dataclasses.dataclass
class Outcome:
    outcome: str  # passed, failed, error or skipped
    message: str
    kata: str  # the kata folder, such as 01_many_to_one


@dataclasses.dataclass
class KataRunResult:
    returncode: int
    output: str
    tests: dict  # test id ("test_x[10-1-50]") -> Outcome

    def named(self, test_function):
        """The outcomes of every case of one test function."""
        return {
            name: outcome
            for name, outcome in self.tests.items()
            if name.split("[", 1)[0] == test_function
        }

    def summary(self):
        return "\n".join(f"{o.outcome:>7} {name}: {o.message[:300]}" for name, o in self.tests.items())


def run_kata_tests(*args, tmp_path, timeout=600, cache_dir=None):
    """Run `python -m pytest ARGS` from the repo root and parse its JUnit XML report. Without
    `cache_dir` the run uses no pytest cache; with it, that folder is its cache."""
    report = Path(tmp_path) / f"report-{len(list(Path(tmp_path).glob('report-*')))}.xml"
    cache = ["-o", f"cache_dir={cache_dir}"] if cache_dir else ["-p", "no:cacheprovider"]
    command = [sys.executable, "-m", "pytest", *args, *cache, f"--junitxml={report}"]
    completed = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    tests = {}
    if report.exists():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            outcome, message = "passed", ""
            for tag in ("failure", "error", "skipped"):
                element = case.find(tag)
                if element is not None:
                    outcome = {"failure": "failed"}.get(tag, tag)
                    message = (element.text or element.get("message") or "").strip()
            # classname is the test file's dotted path: katas.01_many_to_one.test_many_to_one
            kata = next((part for part in case.get("classname", "").split(".") if part[:2].isdigit()), "")
            tests[case.get("name")] = Outcome(outcome, message, kata)
    return KataRunResult(completed.returncode, completed.stdout + completed.stderr, tests)


def submission_folder(tmp_path, files):
    """A folder laid out like katas/: `files` maps a kata folder name to the module file to use."""
    root = Path(tmp_path) / "submission"
    for kata, source in files.items():
        (root / kata).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / kata / f"{kata_module_name(KATAS / kata)}.py")
    root.mkdir(exist_ok=True)
    return root


def shipped_stub(stub_path):
    """A stub as committed, so that a learner's own work in katas/ does not break the self-tests."""
    relative = Path(stub_path).relative_to(REPO).as_posix()
    try:
        return subprocess.run(
            ["git", "show", f"HEAD:{relative}"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return Path(stub_path).read_text()  # not committed yet, or no git: the file as it is
