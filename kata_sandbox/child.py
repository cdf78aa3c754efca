"""A student's child process, from the trusted side: started in its own session (forked warm
where the grader's trusted process keeps a server for it, kata_sandbox/warm_children.py, else a
fresh interpreter), fed requests and read a chunk at a time under a deadline and a memory limit
over its whole process tree, and ended with every process it started.

The child confines itself before any student code runs (kata_runtime/worker.py): in namespaces
of its own where the kernel allows them, under resource limits, Landlock and a seccomp filter,
it sees only the Python runtime, a read-only copy of the grading runtime and the student's own
modules, and writes only its scratch folder. What it is told (the policy, each test's seed)
comes through its request pipe, never its command line. This process is a subreaper: whatever
the child starts, even with a double fork, stays below it.
"""

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kata_records import tensorflow_settings
from kata_records.catalog import REPO
from kata_records.report import Status
from kata_runtime import wire
from kata_sandbox import processes, warm_children

RUNTIME = REPO / "kata_runtime"
RUNTIME_FILES = (
    "worker.py",
    "wire.py",
    "generators.py",
    "allowlist.py",
    "shapes.py",
    "loading.py",
    "confinement.py",
    "landlock.py",
    "namespaces.py",
    "seccomp.py",
)
# The layers of confinement a grading run may leave out (python -m grader --without), to grade
# where one misbehaves, and for the self-tests of what happens where one is missing.
OPTIONAL_LAYERS = ("namespaces", "seccomp", "cgroups")  # the referee makes the cgroups
# The scratch folder: the largest file a child may write, and, where it is a tmpfs, its size.
SCRATCH_MB = 256
MEMORY_POLL_SECONDS = 0.2
# A fresh child imports TensorFlow before it says it is ready; under load that can take a while,
# and it must not count against the deadline of the call that follows.
STARTUP_SECONDS = 120


class ChildFailure(Exception):
    """The child could not answer: `status` is Status.TIMEOUT or Status.CRASH, `reason` says why."""

    def __init__(self, status: Status, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Child:
    """One child process for one student's modules; restarted after it is killed or dies."""

    def __init__(self, modules_dir, call_timeout, memory_limit_mb, confine=True, without=()):
        self.modules_dir = Path(modules_dir)
        self.without = set(without)
        self.call_timeout = call_timeout
        self.memory_limit = memory_limit_mb * 2**20
        self.confine = confine
        self.confinement = None  # what the last child reported it applied
        self.child = None
        self.loaded = {}  # module path -> problem text or None
        self.statuses = {}  # kata -> worst status seen: ok, error, timeout, crash
        self.calls = 0
        self.requests = None  # the write end of the request pipe
        self.replies = None  # the read end of the reply pipe
        self.ready = False  # the child said it is confined and has imported keras
        self.reseed = True  # a fresh child has no seed yet
        processes.become_subreaper()
        self.home = Path(tempfile.mkdtemp(prefix="kata-child-"))
        # The child reads its runtime from here but cannot write it: a child that could would
        # rewrite worker.py for the next child, before that one confines itself.
        self.runtime = self.home / "runtime"
        self.runtime.mkdir()
        for name in RUNTIME_FILES:
            shutil.copy(RUNTIME / name, self.runtime / name)
        self.scratch = None

    # ----------------------------------------------------------------- the child process

    def start(self):
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        # A fresh scratch folder for each child: the only place it may write.
        self.scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=self.home))
        policy = {
            "confine": self.confine,
            "namespaces": "namespaces" not in self.without,
            "seccomp": "seccomp" not in self.without,
            "scratch_mb": SCRATCH_MB,
            "read_only": [str(self.runtime), str(self.modules_dir)],
            "read_write": [str(self.scratch)],
            "hidden": [str(REPO)],
        }
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.scratch),
            "TMPDIR": str(self.scratch),
            "KERAS_HOME": str(self.scratch),
            "LANG": "C.UTF-8",
            **tensorflow_settings.SETTINGS,
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2"),
        }
        self.child = None
        warm = warm_children.server()
        if warm is not None:
            payload = {"runtime": str(self.runtime), "cwd": str(self.modules_dir), "environment": environment}
            try:
                self.child = warm.start(payload, [request_read, reply_write])
            except OSError:
                pass  # the warm start is gone: a cold one serves as well
        if self.child is None:
            # A fresh interpreter (fork and exec, nothing inherited but these two pipes), in its
            # own session, in the folder of the student's modules.
            self.child = subprocess.Popen(
                [sys.executable, "-I", str(self.runtime / "worker.py"), str(request_read), str(reply_write)],
                cwd=self.modules_dir,
                env=environment,
                # What the student's code prints outside a call is dropped; inside one, it comes
                # back with the reply, cut to a few thousand characters.
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(request_read, reply_write),
                start_new_session=True,
            )
        os.close(request_read)
        os.close(reply_write)
        # The policy is the first line on the request pipe, far smaller than its buffer.
        os.write(request_write, json.dumps(policy).encode() + b"\n")
        self.requests = request_write
        os.set_blocking(self.requests, False)
        self.replies = reply_read
        self.loaded = {}
        self.ready = False
        self.reseed = True  # a fresh child has no seed yet

    def stop(self):
        if self.child is None:
            return
        processes.end_tree(self.child.pid, reap_root=False)
        self.child.wait()
        # What the child's code set loose (setsid, a double fork) was handed to this process.
        processes.end_orphans(keep=warm_children.pids())
        for fd in (self.requests, self.replies):
            try:
                os.close(fd)
            except OSError:
                pass
        self.child = None
        shutil.rmtree(self.scratch, ignore_errors=True)

    def close(self):
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def exchange(self, request, arrays=()):
        """Send one request; wait for the reply within the deadline, watching memory."""
        if self.child is None:
            self.start()
        if not self.ready:
            ready, _ = self.wait_for_reply(STARTUP_SECONDS, "start")
            if not ready.get("ready"):
                raise self.failure(Status.CRASH, str(ready.get("problem", "it did not start"))[: wire.TEXT_LIMIT])
            self.confinement = ready.get("confinement")
            self.ready = True
        # A fresh, unguessable id per request: a reply the student's code queued ahead of time
        # cannot answer the next call.
        request = {**request, "id": secrets.token_hex(8)}
        try:
            self.write_request(wire.pack(request, arrays), time.monotonic() + self.call_timeout)
        except (BrokenPipeError, OSError):
            raise self.failure(Status.CRASH, self.exit_reason()) from None
        reply, reply_arrays = self.wait_for_reply(self.call_timeout, "return")
        if not (self.confinement or {}).get("namespaces"):
            # No PID namespace holds what the call set loose: whatever left the child's tree
            # (a daemon, a process that hops from pid to pid) is ended now, not at the end.
            processes.end_orphans(keep={self.child.pid, *warm_children.pids()})
        if not isinstance(reply, dict) or reply.get("id") != request["id"]:
            raise self.failure(Status.CRASH, "it sent a reply that answers no request of the grader's")
        return reply, reply_arrays

    def write_request(self, data, deadline):
        """Write a request within the call's deadline: a child that stops reading its pipe
        must not hold this process."""
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self.failure(Status.TIMEOUT, f"it stopped reading its requests for {self.call_timeout:g} s")
            _, writable, _ = select.select([], [self.requests], [], min(left, MEMORY_POLL_SECONDS))
            if writable:
                try:
                    view = view[os.write(self.requests, view[:65536]) :]
                except BlockingIOError:
                    continue

    def wait_for_reply(self, seconds, what):
        """The child's next message, within `seconds` and the memory limit, read a chunk at a
        time so that a child that stalls mid-reply or sends too much is caught; `what` it is
        doing: start or return."""
        deadline = time.monotonic() + seconds
        reader = wire.MessageReader()
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    late = (
                        f"it ran past its {seconds:g} s deadline"
                        if what == "return"
                        else f"it did not {what} within {seconds:g} s"
                    )
                    raise self.failure(Status.TIMEOUT, late)
                ready, _, _ = select.select([self.replies], [], [], min(left, MEMORY_POLL_SECONDS))
                if ready:
                    chunk = os.read(self.replies, reader.wanted())
                    if not chunk:
                        raise EOFError
                    message = reader.feed(chunk)
                    if message is not None:
                        return message
                used = processes.tree_memory(os.getpid(), leave_out=warm_children.pids())
                if used > self.memory_limit:
                    raise self.failure(
                        Status.CRASH,
                        f"it used {used / 2**20:,.0f} MB of memory, over the limit of "
                        f"{self.memory_limit / 2**20:,.0f} MB",
                    )
        except EOFError:
            raise self.failure(Status.CRASH, self.exit_reason()) from None
        except wire.RefusedData as error:
            raise self.failure(Status.CRASH, f"it sent {str(error)[:200]}, which the grader refuses") from None
        except (ValueError, TypeError, OverflowError, RecursionError):
            raise self.failure(Status.CRASH, "it sent a reply that is not the grader's format") from None
        except BaseException:
            # A test's own time limit, or Ctrl-C: never leave the child running.
            self.stop()
            raise

    def failure(self, status, reason):
        self.stop()
        return ChildFailure(status, reason)

    def exit_reason(self):
        try:
            code = self.child.wait(timeout=5) if self.child is not None else None
        except (subprocess.TimeoutExpired, TimeoutError):
            return "it closed its pipes in the middle of the call"
        if code is not None and code < 0:
            return f"the process was killed by signal {signal.Signals(-code).name}"
        return f"the process exited with status {code} in the middle of the call"
