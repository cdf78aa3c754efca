"""The results of a run's kata tests, and the table a learner reads at the end: points and state
per kata, what to do next, and with --hint the next hint."""

import pytest

from kata_plugin.hints import show_hint
from kata_plugin.loading import WAITS_ON_STUB
from kata_plugin.options import RUN
from kata_plugin.progress import DONE, IN_PROGRESS, NOT_STARTED, kata_progress

STATE_COLOURS = {DONE: {"green": True}, IN_PROGRESS: {"yellow": True}, NOT_STARTED: {}}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    run = item.config.stash[RUN]
    if report.failed and item.nodeid in run.kata_of and item.nodeid not in run.failed:
        stub = item.stash.get(WAITS_ON_STUB, None)
        if stub is not None:
            run.not_implemented[item.nodeid] = stub
    return report


@pytest.hookimpl(trylast=True)  # after options.py has made the run
def pytest_configure(config):
    config.pluginmanager.register(Scoreboard(config.stash[RUN]), "kata-scoreboard")


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
            if report.when != "call":
                run.errored.add(report.nodeid)
        elif report.when == "call" and report.passed:
            run.passed.add(report.nodeid)
        elif report.skipped:
            run.skipped.add(report.nodeid)
        if report.when == "teardown":
            run.properties[report.nodeid] = dict(report.user_properties)

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
            row, *waiting = kata.table_lines(width)
            terminalreporter.write_line(row, **STATE_COLOURS[kata.state])
            for line in waiting:
                terminalreporter.write_line(line)
        done = sum(kata.state is DONE for kata in progress)
        earned = sum(kata.earned for kata in progress)
        possible = sum(kata.possible for kata in progress)
        terminalreporter.write_line(
            f"{done} of {len(progress)} kata{'s' if len(progress) != 1 else ''} done ({earned}/{possible} points)",
            bold=True,
        )
        unfinished = next((kata for kata in progress if kata.state is not DONE), None)
        if unfinished is not None:
            terminalreporter.write_line("Next: " + unfinished.next_step(self.run))
        if terminalreporter.config.getoption("hint"):
            show_hint(terminalreporter, unfinished, self.run)
