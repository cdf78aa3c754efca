"""Pytest sessions in forked children of a process that has already imported TensorFlow, Keras
and pytest: each is a separate session with a fresh Keras state, but none pays for the imports.

The parent must stay as a fresh interpreter would be after those imports: it never builds a
model or runs a TensorFlow operation, so that each child starts from the same state.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kata_records import tensorflow_settings

POLL_SECONDS = 0.02


def prepare() -> None:
    """Import what every session would otherwise import again, with the settings every
    process gives TensorFlow before its import. Nothing of the kata plugin is imported here:
    each session imports it as a fresh pytest run would (and rewrites its asserts)."""
    tensorflow_settings.apply()
    # What TensorFlow's C++ side prints while it loads (absl, CUDA) goes nowhere, as under
    # pytest's capture.
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        import keras  # noqa: F401
        import pytest  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def start(
    args: Sequence[str],
    output_fd: int,
    cwd: str | Path,
    plugins: Sequence[object] = (),
    first: Callable[[], None] | None = None,
) -> int:
    """Fork a child that runs `pytest.main(args)` in `cwd`, its output on `output_fd`, in a
    process group of its own, after `first()` if given; return its pid."""
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            os.chdir(cwd)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(output_fd, 1)
            os.dup2(output_fd, 2)
            os.setsid()  # its own process group, ended as one
            if first is not None:
                first()
            import pytest

            code = int(pytest.main(list(args), plugins=list(plugins)))
        except BaseException:  # noqa: BLE001 - the run's own failure is its exit status
            code = 3
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(code)
    return pid


def wait(pid: int, timeout: float | None = None) -> int:
    """The session's exit status; past `timeout`, its whole group is killed."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if deadline is not None and time.monotonic() > deadline:
            stop(pid)
            return -signal.SIGKILL
        time.sleep(POLL_SECONDS)


def stop(pid: int) -> None:
    """Kill the session's group and collect its exit status."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
