"""The trusted pytest process of one student's grading, confined before pytest starts.

    python -m grader.trusted SOCKET_FD   # the warm-start server that the referee keeps

The referee keeps one server (kata_sandbox/forkserver.py) that has imported TensorFlow, Keras
and pytest, and asks it for a new process for each student: that process holds standard input,
its output pipe, the report pipe and the pipe of its pytest arguments (on descriptors 0 to 4,
and nothing else), and the confinement arguments in its request: [--unconfined] --readable
SUBMISSION --writable TMPDIR ... (a command line would be readable by any process of the
machine). It confines itself, and only then reads its pytest arguments, the tests' seed among
them, from their pipe: neither the server nor any process forked before that ever holds them.

It runs the instructor's tests, which hold the student's code only as a proxy (sandbox.py), so
it is trusted; it is confined all the same, as a second wall: it may read the repository, the
Python runtime and the student's submitted modules, write only its own temporary folder (where
the child's runtime and scratch folders live) and the report pipe it was handed, and open no TCP
socket. What it applied goes to the plugin in KATA_TRUSTED_CONFINEMENT, which puts it in the
report.
"""

import argparse
import json
import os
import socket
import sys
import tempfile

from grader import cgroups
from kata_records import tensorflow_settings
from kata_records.catalog import REPO
from kata_sandbox import forkserver, processes, warm_children

# Where the new process finds what it was handed; the report pipe is --grade-report=fd:3.
OUTPUT_FD, REPORT_FD, PYTEST_ARGUMENTS_FD = 1, 3, 4
PYTEST_ARGUMENTS_BYTES_LIMIT = 2**16


def confine(argv):
    """Join the student's group, move into namespaces of its own and confine this process;
    return what was applied. From here on this is the process that runs pytest."""
    parser = argparse.ArgumentParser(prog="python -m grader.trusted")
    parser.add_argument("--unconfined", action="store_true")
    parser.add_argument("--readable", action="append", default=[])
    parser.add_argument("--writable", action="append", default=[])
    parser.add_argument("--no-namespaces", dest="namespaces", action="store_false")
    parser.add_argument("--join-cgroup", action="append", default=[])
    parser.add_argument("--scratch-mb", type=int, required=True)
    arguments = parser.parse_args(argv)
    processes.hide_from_other_processes()
    # First of all: everything this process starts is then in the student's group.
    cgroups.join(arguments.join_cgroup)
    from kata_runtime import confinement, namespaces

    if arguments.unconfined or not arguments.namespaces:
        record = {"namespaces": None, "namespaces_refused": "left out"}
        # The referee finds the pytest process below the one it started, with or without them.
        namespaces.fork_and_wait_outside(pipes=())
    else:
        # The first writable folder is this process's scratch folder (grader/trusted_run.py).
        record = namespaces.isolate_trusted(arguments.writable[0], arguments.scratch_mb)
    processes.hide_from_other_processes()  # again: this is a new process
    if arguments.unconfined:
        record.update({"landlock_abi": None, "unconfined": True})
    else:
        record.update(confinement.confine([str(REPO), *arguments.readable], arguments.writable).as_record())
    return record


def read_pytest_arguments(fd):
    """The pytest arguments, a JSON list written whole by the referee before it let go of the pipe."""
    data = bytearray()
    while len(data) <= PYTEST_ARGUMENTS_BYTES_LIMIT:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    os.close(fd)
    return json.loads(data)


def run(payload, fds):
    """In the new process: take the descriptors handed over, the environment and the folder of
    a fresh start, confine, then run pytest on the arguments from their pipe."""
    processes.hold_only(dict(zip((0, OUTPUT_FD, REPORT_FD, PYTEST_ARGUMENTS_FD), fds, strict=True)))
    os.dup2(OUTPUT_FD, 2)
    os.setsid()  # its own session, ended with its tree
    os.chdir(REPO)
    os.environ.clear()
    os.environ.update(payload["environment"])
    tempfile.tempdir = None  # TMPDIR is this run's scratch folder, not the server's
    record = confine(payload["arguments"])
    # Before the pytest arguments are read: the children's server holds nothing of them.
    warm_children.start_server()
    os.environ["KATA_TRUSTED_CONFINEMENT"] = json.dumps(record)
    sys.dont_write_bytecode = True  # the repository is read-only now
    import pytest

    return pytest.main(read_pytest_arguments(PYTEST_ARGUMENTS_FD))


def serve(connection_fd):
    """The warm-start server: import what every trusted process needs, once, then fork one per
    request until the referee closes the connection."""
    processes.hide_from_other_processes()
    processes.die_with_parent()
    tensorflow_settings.apply()
    import keras  # noqa: F401 - the import each trusted process would otherwise repeat
    import pytest  # noqa: F401

    import kata_runtime.confinement  # noqa: F401
    import kata_runtime.namespaces  # noqa: F401

    forkserver.serve(socket.socket(fileno=connection_fd), run)


if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1])))
