"""The student's side of grading: import the student's kata modules and run the calls the
trusted side asks for, answering with data only (see wire.py).

It runs from a read-only folder that holds copies of this file and the few modules it needs,
with the student's kata modules in another read-only folder, and nothing else of the
repository: as a fresh interpreter (`python -I worker.py`), or, in the grader, forked warm with
TensorFlow already imported and then set up as that interpreter would be
(kata_sandbox/warm_children.py). Its first act is to confine itself, before any student code
runs: its own namespaces (namespaces.py), resource limits and Landlock
(confinement.py), then a seccomp filter (seccomp.py). From then on it, and everything the
student's code starts, can read only the Python runtime and those two folders, write only its
scratch folder, open no TCP socket and no datagram one, and signal, trace or even see no process
outside it.
Requests come on one pipe and replies go back on another, so nothing the student prints can
pass for a reply.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from types import ModuleType

POLICY_BYTES_LIMIT = 2**16


def read_policy(request_fd: int) -> dict:
    """The first line on the request pipe: what the trusted side chose. It comes on the pipe, not
    on the command line, which every process that can read /proc/<pid>/cmdline sees."""
    line = bytearray()
    while not line.endswith(b"\n") and len(line) < POLICY_BYTES_LIMIT:
        byte = os.read(request_fd, 1)  # one byte at a time: nothing after the line is taken
        if not byte:
            break
        line += byte
    return json.loads(line)


def confine(policy: dict, request_fd: int, reply_fd: int) -> dict:
    """Apply the layers the trusted side chose, in order: namespaces, limits, Landlock, seccomp.
    Their record goes back with the ready message."""
    if not policy["confine"]:
        return {"landlock_abi": None, "unconfined": True}
    import confinement
    import namespaces
    import seccomp

    record = {"namespaces": None, "namespaces_refused": "left out"}
    if policy["namespaces"]:
        # From here on, this is the namespace's worker process; its parents wait outside.
        record = namespaces.isolate_child((request_fd, reply_fd))
    record.update(confinement.limit_resources(policy["scratch_mb"]))
    applied = confinement.confine(policy["read_only"], policy["read_write"], hidden=policy["hidden"])
    record.update(applied.as_record())
    record.update(seccomp.install() if policy["seccomp"] else {"seccomp": None, "seccomp_refused": "left out"})
    return record


def main(request_fd: int, reply_fd: int) -> None:
    replies = os.fdopen(reply_fd, "wb")
    try:
        record = confine(read_policy(request_fd), request_fd, reply_fd)
    except Exception as error:  # noqa: BLE001 - no student code runs unconfined: say why and stop
        import wire

        wire.send(replies, {"ready": False, "problem": f"the child could not confine itself: {error}"})
        return
    import keras  # noqa: F401 - imported now, while the trusted side is still starting up
    import loading
    import wire

    requests = os.fdopen(request_fd, "rb")
    wire.send(replies, {"ready": True, "confinement": record})  # calls may start their clocks
    modules = {}  # path -> (module, shown name)
    while True:
        reap_children()
        try:
            request, arrays = wire.receive(requests)
        except EOFError:
            return
        # Each reply carries its request's id: the trusted side takes no other as the answer.
        if request["kind"] == "load":
            module, problem = loading.import_file(request["path"], request["shown"])
            modules[request["path"]] = (module, request["shown"])
            wire.send(replies, {"problem": problem, "id": request.get("id")})
        elif request["kind"] == "call":
            reply, reply_arrays = call(modules, request, arrays, loading, wire)
            wire.send(replies, {**reply, "id": request.get("id")}, reply_arrays)


def reap_children() -> None:
    """Collect every child the student's code started and that has exited since the last call:
    a student who leaves thousands of zombies holds none of them past the call."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def call(modules: dict, request: dict, arrays: list, loading: ModuleType, wire: ModuleType) -> tuple[dict, list]:
    import keras
    import numpy as np

    module, shown = modules[request["path"]]
    function = getattr(module, request["function"], None)
    if not callable(function):
        return {"missing": True}, []
    if request["first_of_test"]:
        # As in a plain run: each test starts from a clean session (layer names too), seeded;
        # the seed is drawn from the test's by the trusted side, and tells nothing of it.
        keras.backend.clear_session(free_memory=False)
        keras.utils.set_random_seed(request["seed"])
    args = wire.decode(request["args"], arrays)
    kwargs = wire.decode(request["kwargs"], arrays)
    printed = io.StringIO()
    arguments = [*args, *kwargs.values()]
    # As in a plain run, an array the function changes in place changes for the caller too.
    originals = {index: value.copy() for index, value in enumerate(arguments) if isinstance(value, np.ndarray)}
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            result = function(*args, **kwargs)
    except BaseException as error:  # noqa: BLE001 - every failure goes back as data
        traceback = error.__traceback__
        where = loading.learner_line(traceback, request["path"], shown)
        return {
            "error": {
                "type": type(error).__name__,
                "message": str(error)[: wire.TEXT_LIMIT],
                # Empty when no line of the function ran: the call itself failed (a signature).
                "where": where,
                "library": loading.library_that_raised(traceback, request["path"]),
            },
            "printed": printed.getvalue()[: wire.TEXT_LIMIT],
        }, []
    sent = []
    models = [value for value in [*args, *kwargs.values()] if isinstance(value, keras.Model)]
    # A generator the caller passed has drawn here: its new state goes back with the result.
    generators = [
        wire.generator_state(value) for value in [*args, *kwargs.values()] if isinstance(value, np.random.Generator)
    ]
    try:
        data = wire.encode(result, sent, same_as=models)
        changed = [
            [index, wire.encode(arguments[index], sent)]
            for index, original in originals.items()
            if not np.array_equal(original, arguments[index], equal_nan=original.dtype.kind in "fc")
        ]
    except Exception as error:  # noqa: BLE001 - a model whose config cannot be written, say
        return {"unsendable": f"{type(error).__name__}: {str(error)[:300]}"}, []
    return {
        "result": data,
        "generators": generators,
        "changed": changed,
        "printed": printed.getvalue()[: wire.TEXT_LIMIT],
    }, sent


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main(int(sys.argv[1]), int(sys.argv[2]))
