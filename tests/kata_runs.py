"""Run the kata tests in a real pytest process and read the result: the self-tests' helpers.

Each run is a subprocess, as a learner or an instructor would start it, so the self-tests see
exactly the output and outcomes they would see.
"""

import ast
import atexit
import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import time
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
        return {name: result for name, result in self.tests.items() if name.split("[", 1)[0] == test_function}

    def summary(self):
        return "\n".join(f"{r.outcome.value:>7} {name}: {r.message[:300]}" for name, r in self.tests.items())


class PytestServer:
    """tests/pytest_server.py, started once and kept for the whole self-test session."""

    process = None
    requests = 0

    @classmethod
    def run(cls, args, output, timeout):
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("pytest_server.py")), str(REPO)],
                cwd=REPO,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            atexit.register(cls.process.kill)
        cls.requests += 1
        request = {"id": cls.requests, "args": list(args), "output": str(output), "timeout": timeout}
        cls.process.stdin.write(json.dumps(request) + "\n")
        cls.process.stdin.flush()
        while True:
            # A self-test stopped by its own time limit leaves its run's reply unread: skip it.
            reply = cls.process.stdout.readline()
            if not reply:
                raise RuntimeError("tests/pytest_server.py stopped; run the self-tests again")
            reply = json.loads(reply)
            if reply["id"] == request["id"]:
                return reply["returncode"], Path(output).read_text(errors="replace")


# Set for each self-test by tests/conftest.py: whether it is marked end_to_end. A test that
# starts pytest or the grader must be, so that the fast tier (-m "not end_to_end") stays fast.
RUNNING_END_TO_END = {"marked": False}


def require_end_to_end(what):
    if not RUNNING_END_TO_END["marked"]:
        raise RuntimeError(
            f"this self-test starts {what}: mark it @pytest.mark.end_to_end, so that the "
            "fast tier (pytest -m 'not end_to_end') leaves it out"
        )


def run_grader(*args, timeout):
    """`python -m grader ARGS` from the repo root, as an instructor runs it."""
    require_end_to_end("the grader")
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def grade_class(students, out, katas, seed, *options, timeout):
    """Grade the class in `students` into `out` as the self-tests do: two students at a time,
    a 5 s deadline per call and 1,500 MB per child, so that a runaway costs seconds."""
    return run_grader(
        str(students),
        "--out",
        str(out),
        "--katas",
        katas,
        "--jobs",
        "2",
        "--timeout",
        "5",
        "--memory-limit",
        "1500",
        "--seed",
        str(seed),
        *options,
        timeout=timeout,
    )


def run_kata_tests(*args, tmp_path, timeout=600, cache_dir=None, fresh_interpreter=False):
    """Run pytest with ARGS from the repo root and read its grade report. Without `cache_dir`
    the run uses no pytest cache; with it, that folder is its cache. The run is a child of the
    self-tests' pytest server, or with `fresh_interpreter`, `python -m pytest` from scratch,
    for a check of what a learner's terminal shows while TensorFlow is imported."""
    require_end_to_end("pytest")
    number = len(list(Path(tmp_path).glob("report-*")))
    report_path = Path(tmp_path) / f"report-{number}.json"
    cache = ["-o", f"cache_dir={cache_dir}"] if cache_dir else ["-p", "no:cacheprovider"]
    arguments = [*args, *cache, f"--grade-report={report_path}"]
    if fresh_interpreter:
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", *arguments],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        returncode, output = completed.returncode, completed.stdout + completed.stderr
    else:
        returncode, output = PytestServer.run(arguments, Path(tmp_path) / f"output-{number}.txt", timeout)
    report = Report.from_json(report_path.read_text()) if report_path.exists() else Report()
    # A test that never ran is left out, as a JUnit report would.
    tests = {test.name: test for test in report.tests if test.outcome is not Outcome.NOT_RUN}
    return KataRunResult(returncode, output, tests, report)


def declared(path, name, default=None):
    """A literal that a submission file declares (CAUGHT_BY, NOT_CHARGED_BY, EDITS), read
    without running its code."""
    for node in ast.parse(Path(path).read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    if default is None:
        raise AssertionError(f"{path} has no {name}")
    return default


def module_source(path):
    """The learner module that a submission file stands for. A wrong submission holds only what
    its mistake breaks: EDITS, a list of (text, replacement) applied to the kata's reference
    solution when the mistake is one line, or the function(s) it breaks; a correct one written
    another way may hold only what it writes differently. Either stands for the reference
    solution, edited, followed by it, so its definitions replace the reference's. Any other file
    is a whole module."""
    path = Path(path)
    if not any(SUBMISSIONS / kind in path.resolve().parents for kind in ("wrong", "correct")):
        return path.read_text()
    kata = path.parent.name
    reference = SOLUTIONS / kata / f"{kata_module_name(KATAS / kata)}.py"
    module = reference.read_text()
    for old, new in declared(path, "EDITS", default=[]):
        count = module.count(old)
        if count != 1:
            raise ValueError(
                f"{path.name}: its edit {old!r} stands {count} times in {reference.relative_to(REPO)}; an edit must "
                "name exactly one place. Update the edit to the reference solution as it is now."
            )
        module = module.replace(old, new)
    return f"{module}\n\n# {path.name} replaces what follows.\n{path.read_text()}"


def submission_folder(tmp_path, files):
    """A folder laid out like katas/: `files` maps a kata folder name to the module file to use."""
    root = Path(tmp_path) / "submission"
    for kata, source in files.items():
        (root / kata).mkdir(parents=True, exist_ok=True)
        (root / kata / f"{kata_module_name(KATAS / kata)}.py").write_text(module_source(source))
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


# --------------------------------------------------------------------------- the watch mode

SCREEN_SECONDS = 120  # TensorFlow's import, then a run of the kata
CLEAR = "\x1b[2J\x1b[H"  # the watch mode starts each screen so
WAITING = "save it to run again"  # the last line of a screen whose run has ended


class Watcher:
    """A running `python -m kata_watch`, read a screen at a time."""

    def __init__(self, *args):
        require_end_to_end("the watch mode")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kata_watch", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Started with SIGINT ignored, as under some parents (a pytest-xdist worker among
            # them): Ctrl-C must still leave.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
        self.output = ""

    def next_screen(self, until=WAITING):
        """The screen on which `until` appears, read as it comes; the one after what was read."""
        deadline = time.monotonic() + SCREEN_SECONDS
        start = len(self.output)
        while until not in self.output[start:].rsplit(CLEAR, 1)[-1]:
            left = deadline - time.monotonic()
            assert left > 0 and self.process.poll() is None, f"no screen with {until!r}:\n{self.output}"
            ready, _, _ = select.select([self.process.stdout], [], [], min(left, 1))
            if ready:
                self.output += os.read(self.process.stdout.fileno(), 65536).decode(errors="replace")
        return self.output[start:].rsplit(CLEAR, 1)[-1]

    def leave(self):
        self.process.send_signal(signal.SIGINT)
        try:
            rest, _ = self.process.communicate(timeout=60)
        finally:
            self.process.kill()
        return self.output + rest.decode(errors="replace")


def save(path, text):
    path.write_text(text)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1))  # a new mtime, however coarse the clock
