"""The student's side of grading: import the student's kata modules and run the calls the
trusted side asks for, answering with data only (see wire.py).

It runs as a fresh interpreter (`python -I worker.py`), in a folder that holds copies of this
file, wire.py, loading.py and the student's kata modules, and nothing else of the repository.
Requests come on one pipe and replies go back on another, so nothing the student prints can
pass for a reply.
"""

import contextlib
import io
import os
import sys

PRINTED_LIMIT = 10_000  # characters of a call's printed output that go back


def main(request_fd, reply_fd):
    import keras  # noqa: F401 - imported now, while the trusted side is still starting up
    import loading
    import wire

    requests = os.fdopen(request_fd, "rb")
    replies = os.fdopen(reply_fd, "wb")
    modules = {}  # path -> (module, shown name)
    while True:
        try:
            request, arrays = wire.receive(requests)
        except EOFError:
            return
        if request["kind"] == "load":
            module, problem = loading.import_file(request["path"], request["shown"])
            modules[request["path"]] = (module, request["shown"])
            wire.send(replies, {"problem": problem})
        elif request["kind"] == "call":
            reply, reply_arrays = call(modules, request, arrays, loading, wire)
            wire.send(replies, reply, reply_arrays)


def call(modules, request, arrays, loading, wire):
    import keras

    module, shown = modules[request["path"]]
    function = getattr(module, request["function"], None)
    if not callable(function):
        return {"missing": True}, []
    if request["first_of_test"]:
        # As in a plain run: each test starts from a clean session (layer names too), seeded
        # with the test's seed, so the student's models get the weights they would get there.
        keras.backend.clear_session(free_memory=False)
        keras.utils.set_random_seed(request["seed"])
    args = wire.decode(request["args"], arrays)
    kwargs = wire.decode(request["kwargs"], arrays)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            result = function(*args, **kwargs)
        sent = []
        models = [value for value in [*args, *kwargs.values()] if isinstance(value, keras.Model)]
        data = wire.encode(result, sent, same_as=models)
        return {"result": data, "printed": printed.getvalue()[:PRINTED_LIMIT]}, sent
    except BaseException as error:  # noqa: BLE001 - every failure goes back as data
        traceback = error.__traceback__
        where = loading.learner_line(traceback, request["path"], shown)
        return {
            "error": {
                "type": type(error).__name__,
                "message": str(error)[:4000],
                "where": where,
                # No frame in the function: the call itself failed, so the signature differs.
                "in_function": bool(where) or traceback_reaches(traceback, function),
                "library": loading.library_that_raised(traceback, request["path"]),
            },
            "printed": printed.getvalue()[:PRINTED_LIMIT],
        }, []


def traceback_reaches(traceback, function):
    code = getattr(function, "__code__", None)
    while traceback is not None:
        if traceback.tb_frame.f_code is code:
            return True
        traceback = traceback.tb_next
    return False


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main(int(sys.argv[1]), int(sys.argv[2]))
