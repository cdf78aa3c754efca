"""--grade-report=PATH: each kata test's points, outcome, message and recorded properties, as
a kata_records.report.Report in JSON, for the grader, the self-tests and the benchmark."""

import json
import os
from pathlib import Path

from kata_plugin.options import RUN
from kata_records.report import Outcome, Report, TestResult


def pytest_sessionfinish(session):
    path = session.config.getoption("grade_report")
    if path:
        write_grade_report(session.config.stash[RUN], path, session.config.invocation_params.dir)


def outcome_of(run, nodeid):
    if nodeid in run.errored:
        return Outcome.ERROR
    if nodeid in run.failed:
        return Outcome.FAILED
    if nodeid in run.passed:
        return Outcome.PASSED
    if nodeid in run.skipped:
        return Outcome.SKIPPED
    return Outcome.NOT_RUN


def run_report(run):
    """The run's results as a Report."""
    tests = [
        TestResult(
            nodeid=nodeid,
            kata=kata,
            points=run.points[nodeid],
            outcome=outcome_of(run, nodeid),
            message=run.failed.get(nodeid, ""),
            properties=run.properties.get(nodeid, {}),
        )
        for nodeid, kata in run.kata_of.items()
    ]
    sandbox = run.sandbox
    trusted = os.environ.get("KATA_TRUSTED_CONFINEMENT")  # set by grader/trusted.py
    return Report(
        tests=tests,
        kata_status=dict(sandbox.statuses) if sandbox is not None else {},
        child_confinement=sandbox.confinement if sandbox is not None else None,
        trusted_confinement=json.loads(trusted) if trusted else None,
    )


def write_grade_report(run, path, start_dir):
    """With PATH `fd:N` the report goes to the open file descriptor N, a pipe from the grader
    that the process running the code under test does not inherit."""
    text = run_report(run).to_json()
    if path.startswith("fd:"):
        with os.fdopen(int(path[3:]), "w") as pipe:
            pipe.write(text)
    else:
        Path(start_dir, path).write_text(text)
