"""The `kata` fixture: the code under test, loaded in the test process, or, with --sandboxed,
a proxy whose calls run in a grading child process (kata_sandbox/sandbox.py). Either way every call
is watched, so a stub's NotImplementedError reads as a task and any other error carries where
it came from (an ErrorOrigin).
"""

import dataclasses
from types import ModuleType

import numpy as np
import pytest

from kata_plugin.collection import TEST_SEED, is_kata_test, kata_for_test_file
from kata_plugin.options import RUN
from kata_plugin.timeouts import KataTimeout
from kata_runtime.loading import import_file, mark_origin, shown_path
from kata_runtime.wire import WatchedArray

WAITS_ON_STUB = pytest.StashKey[str]()  # the stub function whose NotImplementedError a test met


@dataclasses.dataclass
class LoadedModule:
    module: ModuleType | None = None
    problem: str | None = None  # why the module could not be used


def load_module(run, path):
    """Import the file at `path` once per run; remember why not if it cannot be imported."""
    if path in run.loaded:
        return run.loaded[path]
    shown = shown_path(path)
    if not path.is_file():
        if run.impl is None:
            problem = f"{shown} is missing. Restore the stub with `git checkout -- {shown}` and write your code there."
        else:
            problem = f"not submitted: {shown} does not exist."
        loaded = LoadedModule(problem=problem)
    else:
        try:
            module, problem = import_file(path, shown, passes_through=(KataTimeout,))
            loaded = LoadedModule(module=module, problem=problem)
        except KataTimeout as error:
            loaded = LoadedModule(
                problem=f"importing {shown} did not finish: {error}. Code at the top level "
                "of a module runs on import; look for a loop there that never ends."
            )
    run.loaded[path] = loaded
    return loaded


class LearnerModule:
    """What a test sees as `kata`: the learner's module, with every function call watched.

    A missing file, a broken import or a missing function fails the test that touches it,
    with a message that says what to fix, rather than erroring the whole collection.
    """

    def __init__(self, run, path, item):
        self._run = run
        self._path = path
        self._item = item

    @property
    def module_path(self):
        """The file under test: tests may key what they cache on it."""
        return self._path

    def __getattr__(self, name):
        loaded = load_module(self._run, self._path)
        if loaded.problem:
            pytest.fail(loaded.problem, pytrace=False)
        function = getattr(loaded.module, name, None)
        if not callable(function):
            pytest.fail(
                f"{shown_path(self._path)} has no function {name}(). Define it with the "
                "signature given in the kata's README.",
                pytrace=False,
            )
        return watched(function, self._path, self._item)


def watched(function, path, item, shown=None):
    """Wrap a learner function so a stub's NotImplementedError reads as a task (and the item
    remembers which stub it met), and any other error carries which call raised it."""
    shown = shown or shown_path(path)

    def call(*args, **kwargs):
        try:
            return function(*own_copy(args), **own_copy(kwargs))
        except NotImplementedError as error:
            item.stash[WAITS_ON_STUB] = function.__name__
            task = f": {error}" if str(error) else ""
            pytest.fail(
                f"{function.__name__}() is not implemented yet{task}\n"
                f"Write it in {shown}, replacing `raise NotImplementedError`.",
                pytrace=False,
            )
        except BaseException as error:
            if not isinstance(error, pytest.fail.Exception):
                mark_origin(error, function=function.__name__, path=path)
            raise

    call.__name__ = function.__name__
    call.__doc__ = function.__doc__
    return call


def own_copy(value):
    """The arrays, lists and dicts in a call's arguments, copied: as in grading, where every
    argument crosses to the child as a copy, no learner's function can change the data a test
    computes its expected values from. A WatchedArray, which a test hands over to see whether it
    is changed in place, goes as it is; models and random generators are never copied."""
    if isinstance(value, np.ndarray) and not isinstance(value, WatchedArray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(own_copy(item) for item in value)
    if isinstance(value, dict):
        return {key: own_copy(item) for key, item in value.items()}
    return value


@pytest.fixture
def kata(request):
    """The module under test for this kata file: the learner's, or the one chosen by --impl."""
    run = request.config.stash[RUN]
    kata_record = kata_for_test_file(request.path)
    path = run.module_path(kata_record)
    item = request.node
    if run.sandbox is not None:
        from kata_sandbox.sandbox import SandboxedModule

        shown = f"{path.parent.name}/{path.name}"
        return SandboxedModule(
            run.sandbox,
            path,
            shown,
            kata_record.name,
            fail=lambda message: pytest.fail(message, pytrace=False),
            wrap=lambda function: watched(function, path, item, shown),
        )
    return LearnerModule(run, path, item)


@pytest.fixture(autouse=True)
def fresh_keras_state(request):
    """Every kata test starts from a clean Keras session and its own seed; a training test's
    figures, and a failed test's diagnoses (kata_checks/findings.py), go to its user properties."""
    if not is_kata_test(request.node):
        yield
        return
    import keras  # only kata tests pay for importing TensorFlow

    from kata_checks import findings, training

    # free_memory=False skips a full garbage collection, which costs 0.2 s per test.
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(request.node.stash[TEST_SEED])
    recording = training.TRAINING_RECORDER.set(lambda name, value: request.node.user_properties.append((name, value)))
    diagnoses = {}  # name -> sentence, in the order the checks named them
    finding = findings.FOUND.set(lambda name, sentence: diagnoses.setdefault(name, sentence))
    sandbox = request.config.stash[RUN].sandbox
    if sandbox is not None:
        sandbox.start_test(request.node.stash[TEST_SEED])
    yield
    training.TRAINING_RECORDER.reset(recording)
    findings.FOUND.reset(finding)
    keep_diagnoses(request.node, diagnoses)


def keep_diagnoses(item, diagnoses):
    """A failed test's diagnoses as its user property `kata_diagnoses`, [{"name", "sentence"}]:
    what its message named as the likely mistake. A test that passed named none."""
    if diagnoses and item.nodeid in item.config.stash[RUN].failed:
        item.user_properties.append(
            ("kata_diagnoses", [{"name": name, "sentence": sentence} for name, sentence in diagnoses.items()])
        )
