"""Session fixtures for the self-tests: one run against the solutions, one against the stubs."""

import pytest

from kata_runs import kata_folders, kata_module_name, run_kata_tests, shipped_stub


@pytest.fixture(scope="session")
def solutions_run(tmp_path_factory):
    """One run of every kata's tests against the reference solutions, shared by several checks."""
    return run_kata_tests("katas", "--impl=solutions", tmp_path=tmp_path_factory.mktemp("solutions"),
                          fresh_interpreter=True)


@pytest.fixture(scope="session")
def stubs_run(tmp_path_factory):
    """One run of every kata's tests against the untouched stubs."""
    tmp_path = tmp_path_factory.mktemp("stubs")
    for kata in kata_folders():
        stub = kata / f"{kata_module_name(kata)}.py"
        (tmp_path / "stubs" / kata.name).mkdir(parents=True)
        (tmp_path / "stubs" / kata.name / stub.name).write_text(shipped_stub(stub))
    return run_kata_tests("katas", f"--impl={tmp_path / 'stubs'}", tmp_path=tmp_path, fresh_interpreter=True)
