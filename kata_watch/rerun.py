"""One rerun of a kata's tests, warm (kata_watch/sessions.py), and what a learner sees of it:
the kata's row of the progress table, the first failure's message and the "Next:" line, sent
back as data by a plugin in the session, from the same records the progress table is made of."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Sequence

import pytest

from kata_records.catalog import REPO, Kata
from kata_watch import sessions

SESSION_SECONDS = 600
NO_SUMMARY = {
    "done": False,
    "failed": 0,
    "lines": [],
    "first_failure": None,
    "next_step": None,
}  # a session that collected nothing


@dataclasses.dataclass
class Rerun:
    """What one run of a kata's tests showed."""

    kata: str
    done: bool  # every test of the kata ran and passed
    failed: int  # tests of this run that failed
    lines: list[str]  # its row of the progress table, and the functions still unwritten
    first_failure: str | None  # that test's message
    next_step: str | None
    seconds: float


class Summary:
    """The plugin that writes the run's Rerun to a pipe when the session ends."""

    def __init__(self, fd: int):
        self.fd = fd

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        # Imported here, in the session, after pytest has loaded the plugin (and rewritten its
        # asserts) as in any run: the watcher itself never imports it.
        from kata_plugin.options import RUN
        from kata_plugin.progress import DONE, kata_progress

        run = session.config.stash[RUN]
        progress = kata_progress(run)
        summary = NO_SUMMARY
        if progress:
            (kata,) = progress
            first = kata.first_failure()
            summary = {
                "done": kata.state is DONE,
                "failed": len(kata.failing),
                "lines": kata.table_lines(len(kata.name)),
                "first_failure": run.failed.get(first) if first and first not in kata.at_stubs else None,
                "next_step": None if kata.state is DONE else kata.next_step(run),
            }
        with os.fdopen(self.fd, "w") as pipe:
            json.dump(summary, pipe)


def rerun(kata: Kata, options: Sequence[str] = (), only: str | None = None) -> Rerun:
    """Run `kata`'s tests (those of marker expression `only`, if given) in a warm session."""
    started = time.monotonic()
    read, write = os.pipe()
    args = [f"katas/{kata.name}", "-q", "-p", "no:cacheprovider", *options, *(["-m", only] if only else [])]
    with open(os.devnull, "w") as null:
        pid = sessions.start(args, null.fileno(), REPO, plugins=[Summary(write)])
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            text = pipe.read()
        sessions.wait(pid, SESSION_SECONDS)
    except BaseException:  # Ctrl-C: the session ends with the watcher
        sessions.stop(pid)
        raise
    summary = json.loads(text) if text else NO_SUMMARY
    return Rerun(kata=kata.name, seconds=time.monotonic() - started, **summary)
