"""The kata plugin: which code the tests check, how failures read, and the score table.

Kata tests live in ``katas/NN_name/test_<module>.py`` and reach the code under test only
through the ``kata`` fixture. By default that is the learner's ``katas/NN_name/<module>.py``;
``--impl=PATH`` swaps in ``PATH/NN_name/<module>.py`` (``--impl=solutions`` for the reference).
"""

import dataclasses
import json
import os
import re
import signal
import threading
import zlib
from pathlib import Path

import pytest

from grader.loading import import_file, learner_line, shown_path
from kata_lessons import lesson_hints, stub_functions

# TensorFlow reads these once, when it is first imported, so they must be set before any
# test module imports keras. They hide its C++ log lines and the oneDNN notice.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

KATA_FOLDER = re.compile(r"^\d\d_\w+$")
DEFAULT_SEED = 1
TRAINING_TIME_LIMIT = 120  # seconds; other tests get pytest.ini's timeout


# --------------------------------------------------------------------------- options


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
    grading = parser.getgroup("kata grading", "used by `python -m grader`; see the README")
    grading.addoption(
        "--sandboxed",
        action="store_true",
        help="run the code under --impl in a child process and rebuild what it returns from data "
        "only, so the tests never import it.",
    )
    grading.addoption("--call-timeout", metavar="SECONDS", type=float, default=20.0,
                      help="with --sandboxed: the deadline of each call into the code under test (default 20).")
    grading.addoption("--memory-limit", metavar="MB", type=int, default=3000,
                      help="with --sandboxed: the child process's memory limit (default 3000 MB).")
    grading.addoption("--unconfined", action="store_true",
                      help="with --sandboxed: do not confine the child process with Landlock.")
    grading.addoption("--grade-report", metavar="PATH", default=None,
                      help="write each kata test's points, outcome and message to PATH as JSON.")


@dataclasses.dataclass
class KataRun:
    """Everything the plugin keeps for one pytest run (stored in config.stash)."""

    impl: Path | None  # None: each kata's own folder, the learner's files
    base_seed: int
    loaded: dict = dataclasses.field(default_factory=dict)  # module path -> LoadedModule
    points: dict = dataclasses.field(default_factory=dict)  # nodeid -> points
    kata_of: dict = dataclasses.field(default_factory=dict)  # nodeid -> kata folder name
    failed: dict = dataclasses.field(default_factory=dict)  # nodeid -> its failure message
    not_implemented: dict = dataclasses.field(default_factory=dict)  # nodeid -> stub function it met
    test_file: dict = dataclasses.field(default_factory=dict)  # kata folder name -> its test file
    deselected: dict = dataclasses.field(default_factory=dict)  # kata folder name -> tests left out by -k/-m
    passed: set = dataclasses.field(default_factory=set)
    sandbox: object = None  # grader.sandbox.Sandbox with --sandboxed


RUN = pytest.StashKey[KataRun]()
TEST_SEED = pytest.StashKey[int]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "points(n): how many points a graded kata test is worth (n > 0)."
    )
    config.addinivalue_line(
        "markers",
        f"training: the test trains a model; it gets {TRAINING_TIME_LIMIT} s, and "
        "tests/benchmark.py runs it for many seeds.",
    )
    impl = config.getoption("impl")
    if impl is not None:
        impl = Path(config.invocation_params.dir, impl).resolve()
        if not impl.is_dir():
            raise pytest.UsageError(
                f"--impl={config.getoption('impl')}: there is no such folder. "
                "Give a folder laid out like katas/, for example --impl=solutions."
            )
    run = config.stash[RUN] = KataRun(impl=impl, base_seed=config.getoption("kata_seed"))
    if config.getoption("sandboxed"):
        if impl is None:
            raise pytest.UsageError("--sandboxed needs --impl=PATH: the folder of the code to grade.")
        from grader.sandbox import Sandbox

        run.sandbox = Sandbox(impl, config.getoption("call_timeout"), config.getoption("memory_limit"),
                              confine=not config.getoption("unconfined"))
        run.sandbox.start()  # the child imports TensorFlow while the tests are collected
    config.pluginmanager.register(Scoreboard(run), "kata-scoreboard")


def pytest_unconfigure(config):
    run = config.stash.get(RUN, None)
    if run is not None and run.sandbox is not None:
        run.sandbox.close()


def pytest_report_header(config):
    run = config.stash[RUN]
    where = "your files in katas/" if run.impl is None else shown_path(run.impl) + "/"
    return f"katas: testing {where}; seed {run.base_seed} (change it with --kata-seed=N)"


# --------------------------------------------------------------------------- which items are katas


def kata_folder_of(path):
    """The kata folder name (``01_many_to_one``) of a kata test file, or None."""
    path = Path(path)
    if path.name.startswith("test_") and KATA_FOLDER.match(path.parent.name):
        return path.parent.name
    return None


def is_kata_test(item):
    return item.stash.get(TEST_SEED, None) is not None


def pytest_deselected(items):
    """Count the tests that -k or -m leave out, per kata: a kata is not done while some of its
    tests did not run."""
    run = items[0].config.stash[RUN] if items else None
    for item in items:
        kata = kata_folder_of(item.path)
        if kata is not None:
            run.deselected[kata] = run.deselected.get(kata, 0) + 1


def pytest_collection_finish(session):
    # After -k and -m have deselected: the score counts only the tests that run.
    run = session.config.stash[RUN]
    for item in session.items:
        kata = kata_folder_of(item.path)
        if kata is None:
            continue
        marker = item.get_closest_marker("points")
        run.points[item.nodeid] = marker.args[0] if marker and marker.args else 0
        run.kata_of[item.nodeid] = kata
        run.test_file[kata] = Path(item.path)
        if item.get_closest_marker("training") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(TRAINING_TIME_LIMIT))
        item.stash[TEST_SEED] = seed_for(run.base_seed, item.nodeid)


def seed_for(base_seed, nodeid):
    """One seed per test, derived from its id: reruns repeat exactly, tests stay independent."""
    return (base_seed * 1_000_003 + zlib.crc32(nodeid.encode())) % 2**31


# --------------------------------------------------------------------------- loading the code under test


class KataTimeout(BaseException):
    """Raised by the per-test alarm. A BaseException, so `except Exception` in learner code
    cannot swallow it."""

    def __init__(self, seconds):
        super().__init__(f"the test ran past its time limit of {seconds:g} s")
        self.seconds = seconds


@dataclasses.dataclass
class LoadedModule:
    module: object = None
    problem: str | None = None  # why the module could not be used


def module_path_for(run, test_path):
    test_path = Path(test_path)
    module_file = test_path.name.removeprefix("test_")
    kata_dir = test_path.parent if run.impl is None else run.impl / test_path.parent.name
    return kata_dir / module_file


def load_module(run, path):
    """Import the file at `path` once per run; remember why not if it cannot be imported."""
    if path in run.loaded:
        return run.loaded[path]
    shown = shown_path(path)
    if not path.is_file():
        if run.impl is None:
            problem = (
                f"{shown} is missing. Restore the stub with `git checkout -- {shown}` "
                "and write your code there."
            )
        else:
            problem = f"not submitted: {shown} does not exist."
        loaded = LoadedModule(problem=problem)
    else:
        try:
            module, problem = import_file(path, shown, passes_through=(KataTimeout,))
            loaded = LoadedModule(module=module, problem=problem)
        except KataTimeout as error:
            loaded = LoadedModule(
                problem=f"importing {shown} did not finish: {error}. Code at the top level "
                "of a module runs on import; look for a loop there that never ends."
            )
    run.loaded[path] = loaded
    return loaded


class LearnerModule:
    """What a test sees as `kata`: the learner's module, with every function call watched.

    A missing file, a broken import or a missing function fails the test that touches it,
    with a message that says what to fix, rather than erroring the whole collection.
    """

    def __init__(self, run, path):
        self._run = run
        self._path = path

    @property
    def module_path(self):
        """The file under test: tests may key what they cache on it."""
        return self._path

    def __getattr__(self, name):
        loaded = load_module(self._run, self._path)
        if loaded.problem:
            pytest.fail(loaded.problem, pytrace=False)
        function = getattr(loaded.module, name, None)
        if not callable(function):
            pytest.fail(
                f"{shown_path(self._path)} has no function {name}(). Define it with the "
                "signature given in the kata's README.",
                pytrace=False,
            )
        return watched(function, self._path)


def watched(function, path, shown=None):
    """Wrap a learner function so a stub's NotImplementedError reads as a task, and any other
    error remembers which call raised it (see pytest_runtest_makereport)."""
    shown = shown or shown_path(path)

    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except NotImplementedError as error:
            task = f": {error}" if str(error) else ""
            pytest.fail(
                f"{function.__name__}() is not implemented yet{task}\n"
                f"Write it in {shown}, replacing `raise NotImplementedError`.",
                pytrace=False,
            )
        except BaseException as error:
            if not isinstance(error, pytest.fail.Exception):
                error.kata_call = (function.__name__, path)
            raise

    call.__name__ = function.__name__
    call.__doc__ = function.__doc__
    return call


@pytest.fixture
def kata(request):
    """The module under test for this kata file: the learner's, or the one chosen by --impl."""
    run = request.config.stash[RUN]
    if kata_folder_of(request.path) is None:
        raise pytest.UsageError(f"the kata fixture is only for kata tests, not {request.path}")
    path = module_path_for(run, request.path)
    if run.sandbox is not None:
        from grader.sandbox import SandboxedModule

        shown = f"{path.parent.name}/{path.name}"
        return SandboxedModule(
            run.sandbox, path, shown, kata_folder_of(request.path),
            fail=lambda message: pytest.fail(message, pytrace=False),
            wrap=lambda function: watched(function, path, shown),
        )
    return LearnerModule(run, path)


@pytest.fixture
def kata_seed(request):
    """This test's seed: the same on every run, different for each test and --kata-seed."""
    return request.node.stash[TEST_SEED]


@pytest.fixture
def kata_seed_of(request):
    """The seed of another test in the same file, by function name: a test that inspects what
    an earlier test trained uses that test's seed, so it sees the same model."""
    base_seed = request.config.stash[RUN].base_seed
    file_id = request.node.nodeid.split("::")[0]
    return lambda test_name: seed_for(base_seed, f"{file_id}::{test_name}")


@pytest.fixture(autouse=True)
def fresh_keras_state(request):
    """Every kata test starts from a clean Keras session and its own seed."""
    if not is_kata_test(request.node):
        yield
        return
    import keras  # only kata tests pay for importing TensorFlow

    # free_memory=False skips a full garbage collection, which costs 0.2 s per test.
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(request.node.stash[TEST_SEED])
    sandbox = request.config.stash[RUN].sandbox
    if sandbox is not None:
        sandbox.start_test(request.node.stash[TEST_SEED])
    yield


# --------------------------------------------------------------------------- time limits


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item, settings):
    """Raise KataTimeout in the test itself, so the report can say which call hung, instead of
    pytest-timeout's dump of every thread's stack."""
    if (
        not is_kata_test(item)
        or settings.method != "signal"
        or threading.current_thread() is not threading.main_thread()
    ):
        return None

    def on_alarm(signum, frame):
        raise KataTimeout(settings.timeout)

    def cancel():
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    return True


# --------------------------------------------------------------------------- failure messages


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and call.excinfo is not None and is_kata_test(item):
        if item.config.option.tbstyle not in ("long", "native"):
            report.longrepr = teaching_message(item, call.excinfo)
    return report


def teaching_message(item, excinfo):
    """The failure as a learner should read it: our message, or where their code broke."""
    error = excinfo.value
    if isinstance(error, pytest.fail.Exception):
        return str(error.msg)
    if isinstance(error, AssertionError) and error.args:
        # Assertion rewriting appends its own explanation after the test's message.
        return str(error).split("\nassert ", 1)[0]
    run = item.config.stash[RUN]
    function, path = getattr(error, "kata_call", (None, None))
    if path is None:
        path = module_path_for(run, item.path)
    # An error from a grading child process carries where it was raised (grader/sandbox.py).
    where = getattr(error, "kata_where", None)
    if where is None:
        where = learner_line(excinfo.tb, path)
    if isinstance(error, KataTimeout):
        if where:
            return (
                f"{function or 'your code'}() did not return: {error}. It was running{where}\n"
                "Look for a loop that never ends."
            )
        return f"{error}. The test was still training or checking your model; see the README's hints."
    text = f"{getattr(error, 'kata_type', type(error).__name__)}: {error}".strip()
    text = "\n".join(text.splitlines()[:15])
    if function and where:
        return (
            f"{function}() raised {text}\n  raised{where}\n"
            + keras_error_hint(str(error))
            + "Fix that line (run pytest with --tb=long for the full traceback)."
        )
    if function:
        # Raised by the call itself, before any line of the function ran: the signature differs.
        return (
            f"Calling {function}() raised {text}\nKeep the parameter names and order of the stub "
            "and the kata's README (run pytest with --tb=long for the full traceback)."
        )
    return (
        f"{text}\n(raised while the test used what your code returned; "
        "run pytest with --tb=long for the full traceback)"
    )


def keras_error_hint(message):
    """The usual cause of a Keras error that learners of these katas meet most."""
    if "at least 3 dimensions" in message or "expected ndim=3" in message:
        return (
            "Likely mistake: a layer that needs a sequence got the LSTM's last step only; "
            "give that LSTM return_sequences=True.\n"
        )
    if "expected ndim=2, found ndim=3" in message:
        return (
            "Likely mistake: a layer that needs one vector per sample (such as RepeatVector) got a "
            "whole sequence; the LSTM before it must not set return_sequences=True.\n"
        )
    return ""


# --------------------------------------------------------------------------- score table


NOT_IMPLEMENTED = re.compile(r"^(\w+)\(\) is not implemented yet")
STATE_COLOURS = {"done": {"green": True}, "in progress": {"yellow": True}, "not started": {}}


class Scoreboard:
    """Points earned per kata, each kata's state, and what to do next."""

    def __init__(self, run):
        self.run = run

    def pytest_runtest_logreport(self, report):
        run = self.run
        if report.nodeid not in run.kata_of:
            return
        if report.failed and report.nodeid not in run.failed:
            run.failed[report.nodeid] = report.longreprtext.strip()
            waiting = NOT_IMPLEMENTED.match(run.failed[report.nodeid])
            if waiting:
                run.not_implemented[report.nodeid] = waiting.group(1)
        elif report.when == "call" and report.passed:
            run.passed.add(report.nodeid)

    # pytest only reads hook methods whose names start with pytest_; specname says which hook.
    @pytest.hookimpl(wrapper=True, tryfirst=True, specname="pytest_terminal_summary")
    def pytest_terminal_summary_without_stub_failures(self, terminalreporter):
        """A test that only met a stub's NotImplementedError tells a learner nothing the
        progress table does not say once per function: keep such tests out of the failure
        listing, unless -v asks for everything, and put them back for the final count."""
        failed = terminalreporter.stats.get("failed", [])
        waiting = [report for report in failed if report.nodeid in self.run.not_implemented]
        if waiting and terminalreporter.config.option.verbose <= 0:
            terminalreporter.stats["failed"] = [report for report in failed if report not in waiting]
        try:
            return (yield)
        finally:
            if waiting:
                terminalreporter.stats["failed"] = failed

    def pytest_terminal_summary(self, terminalreporter):
        progress = kata_progress(self.run)
        if not progress:
            return
        terminalreporter.ensure_newline()  # ends the line of progress dots first
        terminalreporter.section("kata progress")
        width = max(len(kata.name) for kata in progress)
        for kata in progress:
            line = f"{kata.name:<{width}}  {kata.earned:>3}/{kata.possible:<3} points  {kata.state_line()}"
            terminalreporter.write_line(line, **STATE_COLOURS[kata.state])
            for function, count in kata.waiting.items():
                if kata.state == "in progress":
                    terminalreporter.write_line(
                        f"{'':<{width}}  {function}() still raises NotImplementedError ({count} test(s) wait on it)"
                    )
        done = sum(kata.state == "done" for kata in progress)
        earned = sum(kata.earned for kata in progress)
        possible = sum(kata.possible for kata in progress)
        terminalreporter.write_line(
            f"{done} of {len(progress)} kata{'s' if len(progress) != 1 else ''} done ({earned}/{possible} points)",
            bold=True,
        )
        unfinished = next((kata for kata in progress if kata.state != "done"), None)
        if unfinished is not None:
            terminalreporter.write_line("Next: " + unfinished.next_step(self.run))
        if terminalreporter.config.getoption("hint"):
            show_hint(terminalreporter, unfinished, self.run)

    def pytest_sessionfinish(self, session):
        path = session.config.getoption("grade_report")
        if path:
            write_grade_report(self.run, path, session.config.invocation_params.dir)


# --------------------------------------------------------------------------- progress and hints


@dataclasses.dataclass
class KataProgress:
    """One kata's line in the progress table."""

    name: str
    test_file: Path
    earned: int
    possible: int
    failing: list  # nodeids, in run order
    at_stubs: dict  # nodeid of a failing test -> the stub function whose NotImplementedError it met
    left_out: int = 0  # tests that -k or -m did not select: a kata is done only when none are

    @property
    def state(self):
        if not self.failing and self.earned == self.possible and not self.left_out:
            return "done"
        if self.failing and self.earned == 0 and len(self.at_stubs) == len(self.failing):
            return "not started"
        return "in progress"

    @property
    def waiting(self):
        """Each stub function still unwritten, and how many tests wait on it."""
        counts = {}
        for function in self.at_stubs.values():
            counts[function] = counts.get(function, 0) + 1
        return counts

    def first_failure(self):
        """The first failing test that got past the stubs, or else the first failing test;
        None when nothing failed (some tests did not run: -x, or an interrupted run)."""
        real = [nodeid for nodeid in self.failing if nodeid not in self.at_stubs]
        return (real or self.failing or [None])[0]

    def state_line(self):
        module = self.test_file.name.removeprefix("test_")
        if self.state == "done":
            return f"all tests pass: done! Compare yours with the reference: solutions/{self.name}/{module}"
        if self.state == "not started":
            verb = "raises" if len(self.waiting) == 1 else "raise"
            return "not started: " + ", ".join(f"{function}()" for function in self.waiting) + f" still {verb} NotImplementedError"
        if self.first_failure() is None:
            if self.left_out:
                return f"the selected tests pass; {self.left_out} more were not selected"
            return "some tests did not run"
        return "first failing test: " + self.first_failure().split("::", 1)[-1]

    def next_step(self, run):
        learner_file = shown_path(module_path_for(run, self.test_file))
        lesson = shown_path(self.test_file.parent / "README.md")
        function = self.function_to_edit(run)
        if self.state == "not started":
            return f"read {lesson}, then write {function}() in {learner_file}."
        if self.first_failure() is None:
            return f"run all the tests of this kata: pytest katas/{self.name}"
        test = self.first_failure().split("::", 1)[-1]
        where = f"{function}() in {learner_file}" if function else learner_file
        return f"make {test} pass: edit {where} (pytest katas/{self.name} --hint for a hint)."

    def function_to_edit(self, run):
        """The stub function the first failure is about: the one it met unimplemented, or the
        first of the kata's functions its message names."""
        nodeid = self.first_failure()
        if nodeid is None:
            return None
        if nodeid in self.at_stubs:
            return self.at_stubs[nodeid]
        message = (run.failed.get(nodeid) or "\n").splitlines()[0]
        functions = stub_functions(self.test_file)
        named = [(message.find(f"{function}("), function) for function in functions if f"{function}(" in message]
        return min(named)[1] if named else (functions[0] if len(functions) == 1 else None)


def kata_progress(run):
    katas = {}
    for nodeid, kata in run.kata_of.items():
        katas.setdefault(kata, []).append(nodeid)
    progress = []
    for kata in sorted(katas):
        nodeids = katas[kata]
        failing = [nodeid for nodeid in nodeids if nodeid in run.failed]
        progress.append(KataProgress(
            name=kata,
            test_file=run.test_file[kata],
            earned=sum(run.points[n] for n in nodeids if n in run.passed and n not in run.failed),
            possible=sum(run.points[n] for n in nodeids),
            failing=failing,
            at_stubs={nodeid: run.not_implemented[nodeid] for nodeid in failing if nodeid in run.not_implemented},
            left_out=run.deselected.get(kata, 0),
        ))
    return progress


def show_hint(terminalreporter, kata, run):
    """--hint: the next hint for the first failing task. The tier shown last is kept in
    pytest's cache, so each run with --hint goes one tier further."""
    terminalreporter.section("hint")
    if kata is None:
        terminalreporter.write_line("Every kata in this run is done: no hint needed.")
        return
    function = kata.function_to_edit(run) or (stub_functions(kata.test_file) or [""])[0]
    lesson = kata.test_file.parent / "README.md"
    hints = lesson_hints(lesson, function)
    if not hints:
        terminalreporter.write_line(f"{shown_path(lesson)} has no hints for {function}().")
        return
    cache = getattr(terminalreporter.config, "cache", None)
    key = f"katas/hints/{kata.name}/{function}"
    tier = min((cache.get(key, -1) if cache else -1) + 1, len(hints) - 1)
    if cache:
        cache.set(key, tier)
    terminalreporter.write_line(f"Hint {tier + 1} of {len(hints)} for {function}() ({shown_path(lesson)}):", bold=True)
    for line in hints[tier].splitlines():
        terminalreporter.write_line("  " + line)
    if tier + 1 < len(hints):
        terminalreporter.write_line("Run with --hint again for the next one.")
    else:
        terminalreporter.write_line("That was the last hint: it gives the answer. `pytest --cache-clear` starts the hints over.")


def write_grade_report(run, path, start_dir):
    """Each kata test's points, outcome and teaching message, for the grader. With PATH
    `fd:N` the report goes to the open file descriptor N, a pipe from the grader that the
    process running the code under test does not inherit."""
    tests = []
    for nodeid, kata in run.kata_of.items():
        if nodeid in run.failed:
            outcome = "failed"
        elif nodeid in run.passed:
            outcome = "passed"
        else:
            outcome = "not run"
        tests.append({
            "nodeid": nodeid,
            "kata": kata,
            "points": run.points[nodeid],
            "outcome": outcome,
            "message": run.failed.get(nodeid, ""),
        })
    statuses = dict(run.sandbox.statuses) if run.sandbox is not None else {}
    confinement = run.sandbox.confinement if run.sandbox is not None else None
    trusted = os.environ.get("KATA_TRUSTED_CONFINEMENT")  # set by grader/trusted.py
    report = json.dumps({"tests": tests, "kata_status": statuses, "child_confinement": confinement,
                         "trusted_confinement": json.loads(trusted) if trusted else None})
    if path.startswith("fd:"):
        with os.fdopen(int(path[3:]), "w") as pipe:
            pipe.write(report)
    else:
        Path(start_dir, path).write_text(report)
