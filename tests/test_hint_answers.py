"""The last hint of every task is a whole answer that passes: a learner who reads all the hints
is never left with code that fails.

Each kata's module is rebuilt from its stub with every function replaced by the code of its
last hint, and the kata tests run against it, as they would against a learner's file.
"""

import pytest

from kata_plugin.hints import kata_hints, stub_functions
from kata_records.catalog import discover
from kata_runs import run_kata_tests, shipped_stub

# A run of each kata, training included.
pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(600)]


def last_hint_code(kata, function):
    """The code blocks of the task's last hint: a task with several functions shows each."""
    hint = kata_hints(kata, function)[-1]
    return "\n\n".join(block.split("```", 1)[0] for block in hint.split("```python")[1:])


def module_from_hints(kata):
    """The stub's imports and constants, then each function as its last hint writes it: a later
    definition replaces the stub's."""
    answers = [last_hint_code(kata, function) for function in stub_functions(kata)]
    return shipped_stub(kata.stub) + "\n\n" + "\n\n".join(answers) + "\n"


KATAS = discover()


# One run per kata, so that the two workers share them.
@pytest.mark.parametrize("kata", KATAS, ids=[kata.name for kata in KATAS])
def test_the_last_hints_pass_every_kata_test(kata, tmp_path):
    (tmp_path / "hints" / kata.name).mkdir(parents=True)
    (tmp_path / "hints" / kata.name / kata.stub.name).write_text(module_from_hints(kata))
    run = run_kata_tests(f"katas/{kata.name}", f"--impl={tmp_path / 'hints'}", tmp_path=tmp_path)
    assert run.tests, "no kata test ran:\n" + run.output
    failed = {name: result for name, result in run.tests.items() if result.outcome != "passed"}
    assert not failed, "the hints' answers fail:\n" + run.summary()
