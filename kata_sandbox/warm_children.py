"""Students' children started warm: forked from a copy of the trusted process that has imported
TensorFlow and Keras, so that a child does not pay for those imports again.

The trusted process (grader/trusted.py) makes that copy, the children's server, once it has
confined itself and before it reads its pytest arguments: the copy holds nothing of the tests,
their seed or their data, and neither does any child forked from it. Each child then does what a
cold one does (kata_sandbox/child.py starts one with `python -I worker.py` where no server runs):
a session of its own, the folder of the student's modules, the child's environment, the
runtime's read-only copy first on its path, nothing open but its two pipes, and then
kata_runtime/worker.py, which confines it before any student code runs.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from kata_records.catalog import REPO
from kata_sandbox import forkserver, processes

WARM_CHILDREN: dict[str, forkserver.ForkServer] = {}
REQUEST_FD, REPLY_FD = 3, 4


def start_server() -> None:
    """Fork the children's server from this process, as it is now; Child.start() then asks it
    for each child."""
    client, server_end = forkserver.ForkServer.pair()
    pid = os.fork()
    if pid == 0:
        keep_only(server_end.fileno())
        processes.die_with_parent()
        forkserver.serve(server_end, become_child)
        os._exit(0)
    server_end.close()
    WARM_CHILDREN["server"] = forkserver.ForkServer(client, pid)


def server() -> forkserver.ForkServer | None:
    found = WARM_CHILDREN.get("server")
    return found if found is not None and found.open else None


def pids() -> set[int]:
    """The children's server, which sweeps of orphans keep and memory counts leave out: it is
    this process's copy, not the student's."""
    found = WARM_CHILDREN.get("server")
    return {found.server_pid} if found is not None else set()


def keep_only(fd: int) -> None:
    """Standard input and output on /dev/null, and no other descriptor open but `fd`."""
    null = os.open(os.devnull, os.O_RDWR)
    for standard in (0, 1, 2):
        os.dup2(null, standard)
    processes.hold_only({fd: fd})


def become_child(payload: dict, fds: list[int]) -> int:
    """In a new process of the server: become a student's child, as a fresh interpreter would
    start, then serve the trusted side until it closes the request pipe."""
    processes.hold_only(dict(zip((REQUEST_FD, REPLY_FD), fds, strict=True)))  # on /dev/null: 0, 1, 2
    os.setsid()
    os.chdir(payload["cwd"])
    os.environ.clear()
    os.environ.update(payload["environment"])
    tempfile.tempdir = None
    processes.be_dumpable()  # as a fresh interpreter is; the trusted process hid itself
    runtime = payload["runtime"]
    # As `python -I worker.py`: the runtime's copy first, then the Python runtime, never the
    # repository.
    sys.path[:] = [runtime, *(entry for entry in sys.path if entry and Path(entry).resolve() != REPO)]
    for name, module in list(sys.modules.items()):
        if Path(getattr(module, "__file__", None) or "/").resolve().is_relative_to(REPO):
            del sys.modules[name]
    sys.argv[:] = [str(Path(runtime, "worker.py")), str(REQUEST_FD), str(REPLY_FD)]
    spec = importlib.util.spec_from_file_location("worker", Path(runtime, "worker.py"))
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    worker.main(REQUEST_FD, REPLY_FD)
    return 0
