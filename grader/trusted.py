"""The trusted pytest process of one student's grading, confined before pytest starts.

    KATA_TRUSTED_ARGUMENTS='[...]' python -m grader.trusted

with, as a JSON list in that variable: [--unconfined] --readable SUBMISSION --writable TMPDIR --
PYTEST_ARGS (on the command line they would be readable by any process of the machine).

The referee starts this for each student. It runs the instructor's tests, which hold the
student's code only as a proxy (sandbox.py), so it is trusted; it is confined all the same, as
a second wall: it may read the repository, the Python runtime and the student's submitted
modules, write only its own temporary folder (where the child's runtime and scratch folders
live) and the report pipe it was handed, and open no TCP socket. What it applied goes to the
plugin in KATA_TRUSTED_CONFINEMENT, which puts it in the report.
"""

import argparse
import json
import os
import sys

from grader import cgroups
from kata_records.catalog import REPO
from kata_sandbox import processes

ARGUMENTS_VARIABLE = "KATA_TRUSTED_ARGUMENTS"


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m grader.trusted")
    parser.add_argument("--unconfined", action="store_true")
    parser.add_argument("--readable", action="append", default=[])
    parser.add_argument("--writable", action="append", default=[])
    parser.add_argument("--no-namespaces", dest="namespaces", action="store_false")
    parser.add_argument("--join-cgroup", action="append", default=[])
    parser.add_argument("--scratch-mb", type=int, required=True)
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    passed = os.environ.pop(ARGUMENTS_VARIABLE, None)
    arguments = parser.parse_args(json.loads(passed) if passed is not None else argv)
    pytest_args = arguments.pytest_args[1:] if arguments.pytest_args[:1] == ["--"] else arguments.pytest_args
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
    os.environ["KATA_TRUSTED_CONFINEMENT"] = json.dumps(record)
    sys.dont_write_bytecode = True  # the repository is read-only now

    import pytest

    return pytest.main(pytest_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
