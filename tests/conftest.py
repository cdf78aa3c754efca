"""The self-tests' tiers and session fixtures: one run against the solutions, one against the stubs."""

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


FULL_SUITE_MINUTES = 20  # measured by .ci/run on a 2-core machine; the fast tier takes seconds


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "end_to_end: the self-test starts pytest or the grader; pytest -m 'not end_to_end' leaves "
        "it out, for the fast tier.",
    )


def pytest_report_header(config):
    if "not end_to_end" in (config.option.markexpr or ""):
        return "self-tests: the fast tier (no run of pytest or the grader), under a minute"
    return (
        f"self-tests: the whole suite, about {FULL_SUITE_MINUTES} minutes on 2 cores; pytest -m 'not end_to_end' "
        "runs the fast tier in under a minute, and pytest katas/NN_name runs one kata"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Tell the run helpers whether this self-test may start pytest or the grader, before any of
    its fixtures (a session fixture such as solutions_run included) is set up."""
    kata_runs.RUNNING_END_TO_END["marked"] = item.get_closest_marker("end_to_end") is not None
