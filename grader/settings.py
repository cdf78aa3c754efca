"""What one grading is set to, before any student's code runs: the katas and their collected
tests (whose points must be each kata.toml's maximum), the seed, the limits, the layers of
confinement this machine offers, and the grader's version, a digest of every file that decides
a grade."""

import hashlib
import secrets
import sys

from grader import cgroups
from grader.trusted_run import collect_tests
from kata_records.catalog import REPO, discover
from kata_runtime import landlock, namespaces

GRADER_VERSION = "2"
# Every file that decides a grade, with each kata's declared data (kata.toml); the version's
# digest covers them.
GRADED_FILES = (
    "conftest.py",
    "pytest.ini",
    "requirements.txt",
    "katas/*/kata.toml",
    "katas/*/test_*.py",
    "kata_plugin/*.py",
    "kata_checks/*.py",
    "kata_records/*.py",
    "kata_runtime/*.py",
    "kata_sandbox/*.py",
    "grader/*.py",
)


def kata_modules(selected=None):
    """{kata folder: module file name} for the instructor's katas, in order."""
    return {kata.name: kata.module_file for kata in discover(selectors=selected)}


def version():
    """The grader version and a digest of every file that decides a grade (the tests and their
    data, the checks, the plugin, the grader, pytest.ini and requirements.txt), so a regrade
    can show that it ran the same referee."""
    digest = hashlib.sha256()
    files = {path for pattern in GRADED_FILES for path in REPO.glob(pattern) if path.is_file()}
    files = sorted(files | {kata.folder / name for kata in discover() for name in kata.data})
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{GRADER_VERSION}+{digest.hexdigest()[:12]}"


def confinement_or_exit(unconfined):
    """What will confine students' code here: the record every result carries. Without
    Landlock the grader refuses to start, unless told --unconfined."""
    if unconfined:
        return {"landlock_abi": None, "unconfined": True}
    why = landlock.why_unavailable()
    if why:
        sys.exit(
            f"grader: cannot confine students' code on this machine: {why}.\n"
            "A student's code could then read the solutions, rewrite the tests or the gradebook. Grade on "
            "Linux 5.13 or later (in a container, its seccomp profile must allow the three landlock_* "
            "system calls), or pass --unconfined to grade anyway; every result then records that."
        )
    return {"landlock_abi": landlock.abi_version(), "unconfined": False}


def check_maximum(tests, selected):
    """The points the collected tests give each kata must be the maximum its kata.toml states: a
    test file that lost tests (a collection error, a deleted case) would otherwise lower every
    student's maximum without a word."""
    collected = {}
    for test in tests:
        collected[test.kata] = collected.get(test.kata, 0) + test.points
    for kata in discover(selectors=selected):
        if collected.get(kata.name, 0) != kata.max_points:
            sys.exit(
                f"grader: the tests of {kata.name} give {collected.get(kata.name, 0)} points, but its kata.toml "
                f"states max_points = {kata.max_points}. Fix the tests or the metadata before grading."
            )


class Settings:
    def __init__(self, arguments):
        selected = set(arguments.katas.split(",")) if arguments.katas else None
        self.modules = kata_modules(selected)
        if not self.modules:
            sys.exit(f"grader: no kata matches --katas={arguments.katas}")
        # A fixed seed is public: a student could rebuild its data and pre-fit weights to it.
        self.seed = arguments.seed if arguments.seed is not None else secrets.randbelow(10**6)
        self.timeout = arguments.timeout
        self.memory_limit = arguments.memory_limit
        self.confinement = confinement_or_exit(arguments.unconfined)
        self.confine = not arguments.unconfined
        self.without = arguments.without
        # Where the kernel refuses namespaces, each child says so too; the header says it first.
        self.namespaces_refused = None if "namespaces" in self.without or not self.confine else namespaces.refused()
        self.cgroups, self.cgroups_refused = (
            (None, "left out") if "cgroups" in self.without or not self.confine else cgroups.find()
        )
        self.version = version()
        self.tests = collect_tests(self.modules, self.confine)
        check_maximum(self.tests, selected)

    def header(self):
        if self.confine:
            how = f"students' code confined by Landlock ABI {self.confinement['landlock_abi']}"
            if self.namespaces_refused:
                how += f"; no namespaces ({self.namespaces_refused}): processes are swept, not contained"
            elif "namespaces" not in self.without:
                how += ", namespaces of its own"
            how += "" if "seccomp" in self.without else ", a seccomp filter"
            if self.cgroups is not None:
                how += f", a cgroup per student (v{self.cgroups.version})"
            elif "cgroups" not in self.without:
                how += f"; no cgroups ({self.cgroups_refused}): memory and processes are polled"
            if self.without:
                how += f"; left out: {', '.join(self.without)} (--without)"
        else:
            how = "UNCONFINED: students' code can read and write what this user can (--unconfined)"
        return f"seed {self.seed} (--seed {self.seed} repeats it), grader {self.version}; {how}"
