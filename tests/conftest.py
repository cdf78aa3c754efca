"""The self-tests' tiers, their session fixtures (one run against the solutions, one against the
stubs), and how they share two workers under pytest -n 2."""

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

import kata_runs
from kata_runs import kata_folders, kata_module_name, run_kata_tests, shipped_stub


@pytest.fixture(scope="session")
def solutions_run(tmp_path_factory):
    """One run of every kata's tests against the reference solutions, shared by several checks."""
    return run_kata_tests(
        "katas", "--impl=solutions", tmp_path=tmp_path_factory.mktemp("solutions"), fresh_interpreter=True
    )


@pytest.fixture(scope="session")
def stubs_run(tmp_path_factory):
    """One run of every kata's tests against the untouched stubs."""
    tmp_path = tmp_path_factory.mktemp("stubs")
    for kata in kata_folders():
        stub = kata / f"{kata_module_name(kata)}.py"
        (tmp_path / "stubs" / kata.name).mkdir(parents=True)
        (tmp_path / "stubs" / kata.name / stub.name).write_text(shipped_stub(stub))
    return run_kata_tests("katas", f"--impl={tmp_path / 'stubs'}", tmp_path=tmp_path, fresh_interpreter=True)


# Measured by .ci/run on a 2-core machine on two workers (pytest -n 2: 634 to 759 s with kata 13
# and the class insights); one worker (plain pytest) scaled from its last measurement, 16 against 9.
FULL_SUITE_MINUTES = {"two workers": 13, "one": 22}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "end_to_end: the self-test starts pytest or the grader; pytest -m 'not end_to_end' leaves "
        "it out, for the fast tier.",
    )
    config.addinivalue_line(
        "markers",
        "alone: the self-test measures time or grades a class, so under pytest -n it runs while no "
        "other self-test does.",
    )


def pytest_report_header(config):
    if "not end_to_end" in (config.option.markexpr or ""):
        return "self-tests: the fast tier (no run of pytest or the grader), under a minute"
    workers = "two workers" if getattr(config.option, "numprocesses", None) else "one"
    return (
        f"self-tests: the whole suite on {workers}, about {FULL_SUITE_MINUTES[workers]} minutes on 2 cores "
        "(pytest -n 2 uses two workers); pytest -m 'not end_to_end' runs the fast tier in under a minute, "
        "and pytest katas/NN_name runs one kata"
    )


# Modules whose self-tests share a costly module or session fixture (a class graded once, one run
# of every kata against the solutions and the stubs, a time to compare with): under pytest -n each
# runs whole on one worker, which builds the fixture once. Every other self-test goes to
# whichever worker is free.
SHARED_FIXTURE_MODULES = {
    "test_grader.py",
    "test_hostile_grading.py",
    "test_insights.py",
    "test_fair_share.py",
    "test_learner_experience.py",
    "test_solutions_and_stubs.py",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::", 1)[0]
            return module if Path(module).name in SHARED_FIXTURE_MODULES else nodeid

    return SharedFixtureScheduling(config, log)


# Under pytest -n, a readers-writer lock between the workers: every self-test holds it shared, and
# one marked `alone` holds it alone. The turnstile keeps the other worker from starting a new
# test while an `alone` one waits for the current one to end.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID")


@contextmanager
def locked(name, mode):
    with open(Path(tempfile.gettempdir(), f"lstm-katas-{RUN_ID}-{name}.lock"), "a") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if RUN_ID is None:
        yield
        return
    if item.get_closest_marker("alone"):
        with locked("turnstile", fcntl.LOCK_EX), locked("tests", fcntl.LOCK_EX):
            yield
        return
    with locked("turnstile", fcntl.LOCK_EX):
        pass
    with locked("tests", fcntl.LOCK_SH):
        yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Tell the run helpers whether this self-test may start pytest or the grader, before any of
    its fixtures (a session fixture such as solutions_run included) is set up."""
    kata_runs.RUNNING_END_TO_END["marked"] = item.get_closest_marker("end_to_end") is not None
