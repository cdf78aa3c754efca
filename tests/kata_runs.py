"""Run the kata tests in a real pytest process and read the result: the self-tests' helpers.

Each run is a subprocess, as a learner or an instructor would start it, so the self-tests see
exactly the output and outcomes they would see.
"""

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

from kata_records.catalog import KATAS, REPO, SOLUTIONS, discover
from kata_records.report import Outcome, Report

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def kata_folders():
    return [kata.folder for kata in discover()]


def kata_module_name(kata_folder):
    """The module a kata's learner edits: katas/01_many_to_one -> 'many_to_one'."""
    return next(kata.module for kata in discover() if kata.name == Path(kata_folder).name)


@dataclasses.dataclass
class KataRunResult:
    returncode: int
    output: str
    tests: dict  # test name ("test_x[10-1-50]") -> kata_records.report.TestResult
    report: Report

    def named(self, test_function):
        """The results of every case of one test function."""
        return {
            name: result
            for name, result in self.tests.items()
            if name.split("[", 1)[0] == test_function
        }

    def summary(self):
        return "\n".join(f"{r.outcome.value:>7} {name}: {r.message[:300]}" for name, r in self.tests.items())


def run_kata_tests(*args, tmp_path, timeout=600, cache_dir=None):
    """Run `python -m pytest ARGS` from the repo root and read its grade report. Without
    `cache_dir` the run uses no pytest cache; with it, that folder is its cache."""
    report_path = Path(tmp_path) / f"report-{len(list(Path(tmp_path).glob('report-*')))}.json"
    cache = ["-o", f"cache_dir={cache_dir}"] if cache_dir else ["-p", "no:cacheprovider"]
    command = [sys.executable, "-m", "pytest", *args, *cache, f"--grade-report={report_path}"]
    completed = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    report = Report.from_json(report_path.read_text()) if report_path.exists() else Report()
    # A test that never ran is left out, as a JUnit report would.
    tests = {test.name: test for test in report.tests if test.outcome is not Outcome.NOT_RUN}
    return KataRunResult(completed.returncode, completed.stdout + completed.stderr, tests, report)


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
