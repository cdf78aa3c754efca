"""The trusted side of grading: a proxy for a student's kata modules.

In grading mode (`pytest --sandboxed`), the `kata` fixture hands the tests a SandboxedModule
instead of the imported module. Each call into it travels as data to the student's child
process (kata_sandbox/child.py), and what comes back is rebuilt here from data only
(kata_runtime/wire.py), so the tests and their assertions run where the student's code never
ran. A child that passes its deadline or memory limit is killed with every process it started,
and the next call starts a fresh one.
"""

import builtins
import hashlib
import secrets
import sys
from pathlib import Path

import numpy as np

from kata_records.report import Status
from kata_runtime import wire
from kata_runtime.loading import mark_origin
from kata_sandbox.child import OPTIONAL_LAYERS, Child, ChildFailure  # noqa: F401 - the plugin reads the layers here


class Sandbox(Child):
    """The calls of one student's kata tests, run in that student's child process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = secrets.token_bytes(16)
        self.child_seed = 0

    # ----------------------------------------------------------------- calls

    def problem_loading(self, path, shown, kata):
        """None once the module at `path` is imported in the child, or why it cannot be."""
        if path in self.loaded:
            return self.loaded[path]
        try:
            reply, _ = self.exchange({"kind": "load", "path": str(path), "shown": shown})
            problem = reply["problem"]
            self.note(kata, Status.ERROR if problem else Status.OK)
        except ChildFailure as failure:
            self.note(kata, failure.status)
            if failure.status is Status.TIMEOUT:
                problem = (
                    f"importing {shown} did not finish: {failure.reason}. Code at the top level "
                    "of a module runs on import; look for a loop there that never ends."
                )
            else:
                problem = f"importing {shown} stopped the process: {failure.reason}."
        self.loaded[path] = problem
        return problem

    def call(self, path, shown, kata, function, args, kwargs):
        """Run `function` of the module at `path` in the child; return what it returned, rebuilt."""
        if self.child is None:
            self.start()  # a fresh child after one was killed: import the module there again
        problem = self.problem_loading(path, shown, kata)
        if problem:
            raise CallCrashed(problem)
        self.calls += 1
        arrays = []
        models = [value for value in [*args, *kwargs.values()] if is_model(value)]
        request = {
            "kind": "call",
            "path": str(path),
            "function": function,
            "seed": self.child_seed,
            "first_of_test": self.calls == 1 or self.reseed,
            "args": wire.encode(list(args), arrays),
            "kwargs": wire.encode(dict(kwargs), arrays),
        }
        self.reseed = False
        try:
            reply, reply_arrays = self.exchange(request, arrays)
        except ChildFailure as failure:
            self.note(kata, failure.status)
            if failure.status is Status.TIMEOUT:
                raise CallTimedOut(
                    f"{function}() did not return: {failure.reason}. Look for a loop that never ends."
                ) from None
            raise CallCrashed(f"{function}() stopped the process that ran it: {failure.reason}.") from None
        if reply.get("printed"):
            sys.stdout.write(str(reply["printed"])[: wire.TEXT_LIMIT])
        if reply.get("missing"):
            return MISSING
        if "unsendable" in reply:
            raise RefusedResult(f"{function}() returned something the grader cannot rebuild: {reply['unsendable']}")
        if "error" in reply:
            raise rebuilt_error(reply["error"])
        try:
            generators = [value for value in [*args, *kwargs.values()] if isinstance(value, np.random.Generator)]
            if generators:
                wire.advance_generators(generators, reply.get("generators"))
            wire.change_arguments([*args, *kwargs.values()], reply.get("changed", []), reply_arrays)
            return wire.decode(reply["result"], reply_arrays, models)
        except Exception as error:  # noqa: BLE001 - refused data fails the test, with the reason
            raise RefusedResult(f"{function}() returned something the grader will not rebuild: {error}") from None

    def start_test(self, seed):
        """The child reseeds at the test's first call, with a seed drawn from the test's and a
        secret of this run that never leaves this process: the student's models start from
        fresh random weights in each test, but the child cannot learn the test's seed and redraw
        the data the test holds back."""
        self.child_seed = (
            int.from_bytes(
                hashlib.blake2b(seed.to_bytes(8, "little"), key=self.secret, digest_size=4).digest(), "little"
            )
            % 2**31
        )
        self.calls = 0

    def note(self, kata, status):
        """Remember the worst status a kata's calls met."""
        self.statuses[kata] = Status.worst(self.statuses.get(kata, Status.OK), status).value


MISSING = object()


class CallTimedOut(Exception):
    pass


class CallCrashed(Exception):
    pass


class RefusedResult(Exception):
    pass


def rebuilt_error(data):
    """The student's exception, rebuilt as a built-in exception type with its message, and
    where it was raised, for the teaching message."""
    limit = wire.TEXT_LIMIT
    kind = getattr(builtins, str(data.get("type"))[:100], None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = RuntimeError
    error = kind(str(data.get("message", ""))[:limit])
    return mark_origin(
        error,
        rebuilt=True,
        where=str(data.get("where") or "")[:limit],
        library=str(data["library"])[:100] if data.get("library") else None,
        type_name=str(data.get("type"))[:100] if kind is RuntimeError and data.get("type") != "RuntimeError" else None,
    )


def is_model(value):
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


class SandboxedModule:
    """What a test sees as `kata` in grading mode: each function call runs in the child."""

    def __init__(self, sandbox, path, shown, kata, fail, wrap):
        self._sandbox = sandbox
        self._path = path
        self._shown = shown
        self._kata = kata
        self._fail = fail  # fails the test with a message
        self._wrap = wrap  # the plugin's wrapper that turns errors into teaching messages

    @property
    def module_path(self):
        return self._path

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if not Path(self._path).is_file():
            self._fail(f"not submitted: {self._shown} does not exist.")
        problem = self._sandbox.problem_loading(self._path, self._shown, self._kata)
        if problem:
            self._fail(problem)
        sandbox, path, shown, kata, fail = self._sandbox, self._path, self._shown, self._kata, self._fail

        def remote(*args, **kwargs):
            try:
                result = sandbox.call(path, shown, kata, name, args, kwargs)
            except (CallTimedOut, CallCrashed, RefusedResult) as error:
                fail(str(error))
            if result is MISSING:
                fail(f"{shown} has no function {name}(). Define it with the signature given in the kata's README.")
            return result

        remote.__name__ = name
        return self._wrap(remote)
