"""The kata plugin's command-line options, and the state it keeps for one pytest run."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kata_records import tensorflow_settings
from kata_records.catalog import Kata
from kata_records.report import CALL_TIMEOUT_SECONDS, DEFAULT_SEED, MEMORY_LIMIT_MB
from kata_runtime.loading import shown_path

if TYPE_CHECKING:  # for annotations only: the sandbox is imported when --sandboxed asks for it
    from kata_sandbox.sandbox import Sandbox

# TensorFlow reads these once, when it is first imported, so they must be set before any
# test module imports keras. They hide its C++ log lines and the oneDNN notice.
tensorflow_settings.apply()


def pytest_addoption(parser):
    group = parser.getgroup("katas", "LSTM katas")
    group.addoption(
        "--impl",
        metavar="PATH",
        default=None,
        help="test the kata modules under PATH, laid out like katas/ "
        "(PATH/02_many_to_many/many_to_many.py). Default: your own files in katas/. "
        "Use --impl=solutions for the reference solutions.",
    )
    group.addoption(
        "--kata-seed",
        metavar="N",
        type=int,
        default=DEFAULT_SEED,
        help=f"base seed for the kata tests' random data and weights (default {DEFAULT_SEED}).",
    )
    group.addoption(
        "--hint",
        action="store_true",
        help="show the next hint for the first failing task, from the kata's README; each run "
        "with --hint shows one more.",
    )
    grading = parser.getgroup("kata grading", "used by `python -m grader`; see docs/grading.md")
    grading.addoption(
        "--sandboxed",
        action="store_true",
        help="run the code under --impl in a child process and rebuild what it returns from data "
        "only, so the tests never import it.",
    )
    grading.addoption(
        "--call-timeout",
        metavar="SECONDS",
        type=float,
        default=CALL_TIMEOUT_SECONDS,
        help="with --sandboxed: the deadline of each call into the code under test "
        f"(default {CALL_TIMEOUT_SECONDS:g}).",
    )
    grading.addoption(
        "--memory-limit",
        metavar="MB",
        type=int,
        default=MEMORY_LIMIT_MB,
        help=f"with --sandboxed: the child process's memory limit (default {MEMORY_LIMIT_MB} MB).",
    )
    grading.addoption(
        "--unconfined", action="store_true", help="with --sandboxed: do not confine the child process with Landlock."
    )
    grading.addoption(
        "--without",
        metavar="LAYERS",
        default="",
        help="with --sandboxed: leave out these layers of the child's confinement "
        "(comma-separated: namespaces, seccomp).",
    )
    grading.addoption(
        "--grade-report",
        metavar="PATH",
        default=None,
        help="write each kata test's points, outcome and message to PATH as JSON.",
    )


@dataclasses.dataclass
class KataRun:
    """Everything the plugin keeps for one pytest run (stored in config.stash)."""

    impl: Path | None  # None: each kata's own folder, the learner's files
    base_seed: int
    loaded: dict[Path, Any] = dataclasses.field(default_factory=dict)  # module path -> LoadedModule
    points: dict[str, int] = dataclasses.field(default_factory=dict)  # nodeid -> points
    kata_of: dict[str, str] = dataclasses.field(default_factory=dict)  # nodeid -> kata folder name
    katas: dict[str, Kata] = dataclasses.field(default_factory=dict)  # kata folder name -> its Kata record
    failed: dict[str, str] = dataclasses.field(default_factory=dict)  # nodeid -> its failure message
    errored: set[str] = dataclasses.field(default_factory=set)  # nodeids whose set-up or tear-down failed
    skipped: set[str] = dataclasses.field(default_factory=set)
    not_implemented: dict[str, str] = dataclasses.field(default_factory=dict)  # nodeid -> stub function it met
    properties: dict[str, dict] = dataclasses.field(default_factory=dict)  # nodeid -> its user properties
    deselected: dict[str, int] = dataclasses.field(default_factory=dict)  # kata folder -> tests left out by -k/-m
    passed: set[str] = dataclasses.field(default_factory=set)
    sandbox: Sandbox | None = None  # with --sandboxed
    options: tuple[str, ...] = ()  # the kata options of this run, as given, for the commands it suggests

    def command(self, kata_name, *extra):
        """The command that runs `kata_name`'s tests with this run's kata options, and `extra`."""
        return " ".join(("pytest", f"katas/{kata_name}", *self.options, *extra))

    def module_path(self, kata):
        """The file under test for `kata`: the learner's stub, or its counterpart under --impl."""
        return kata.stub if self.impl is None else kata.module_under(self.impl)


RUN = pytest.StashKey[KataRun]()


@pytest.hookimpl(tryfirst=True)  # the other modules' pytest_configure read the run
def pytest_configure(config):
    impl = config.getoption("impl")
    if impl is not None:
        impl = Path(config.invocation_params.dir, impl).resolve()
        if not impl.is_dir():
            raise pytest.UsageError(
                f"--impl={config.getoption('impl')}: there is no such folder. "
                "Give a folder laid out like katas/, for example --impl=solutions."
            )
    run = config.stash[RUN] = KataRun(impl=impl, base_seed=config.getoption("kata_seed"), options=given_options(config))
    if config.getoption("sandboxed"):
        if impl is None:
            raise pytest.UsageError("--sandboxed needs --impl=PATH: the folder of the code to grade.")
        from kata_sandbox.sandbox import OPTIONAL_LAYERS, Sandbox

        without = [layer for layer in config.getoption("without").split(",") if layer]
        unknown = sorted(set(without) - set(OPTIONAL_LAYERS))
        if unknown:
            raise pytest.UsageError(
                f"--without={config.getoption('without')}: no layer is called "
                f"{', '.join(unknown)}; the layers are {', '.join(OPTIONAL_LAYERS)}."
            )
        run.sandbox = Sandbox(
            impl,
            config.getoption("call_timeout"),
            config.getoption("memory_limit"),
            confine=not config.getoption("unconfined"),
            without=without,
        )
        run.sandbox.start()  # the child imports TensorFlow while the tests are collected


def given_options(config):
    """The kata options that differ from their defaults, written as the learner would type them."""
    defaults = {"kata_seed": DEFAULT_SEED, "call_timeout": CALL_TIMEOUT_SECONDS, "memory_limit": MEMORY_LIMIT_MB}
    given = []
    for name in ("impl", "kata_seed", "sandboxed", "call_timeout", "memory_limit", "unconfined", "without"):
        value = config.getoption(name)
        if value in (None, False, "") or value == defaults.get(name):
            continue
        flag = "--" + name.replace("_", "-")
        given.append(flag if value is True else f"{flag}={value}")
    return tuple(given)


def pytest_unconfigure(config):
    run = config.stash.get(RUN, None)
    if run is not None and run.sandbox is not None:
        run.sandbox.close()


def pytest_report_header(config):
    run = config.stash[RUN]
    where = "your files in katas/" if run.impl is None else shown_path(run.impl) + "/"
    return f"katas: testing {where}; seed {run.base_seed} (change it with --kata-seed=N)"
