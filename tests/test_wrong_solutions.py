"""Every known mistake fails the kata tests that should catch it, with a message that names it.

Each file under submissions/wrong/NN_name/ is a learner module with one mistake, described in
its docstring. Its CAUGHT_BY dict maps each graded test that must catch the mistake to a phrase
that test's failure message must contain. Its optional NOT_CHARGED_BY list names graded tests
that must pass all the same, so that the mistake costs points once. A wrong submission holds only
what it breaks: EDITS, the lines it changes in the reference solution (each text found once
there, and its replacement), or the function(s) it breaks; it is graded as the reference
solution, edited, followed by it (tests/kata_runs.py, module_source).

A submission that declares GAMES_THE_TESTS = True is a trick on the tests themselves (data that
makes a check trivially true, a made-up History, a held-out part kept aside); graded as the
grader grades a class, it must score no more than its honest twin, the same module with
GAMES_THE_TESTS = False.
"""

import pytest

from kata_runs import SUBMISSIONS, declared, module_source, run_kata_tests, submission_folder

# Each test drives a real pytest run of a kata; a training test alone takes seconds.
pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(300)]

WRONG_SOLUTIONS = sorted((SUBMISSIONS / "wrong").glob("*/*.py"))


@pytest.mark.parametrize("wrong_solution", WRONG_SOLUTIONS, ids=[f"{p.parent.name}/{p.stem}" for p in WRONG_SOLUTIONS])
def test_wrong_solution_is_caught_with_a_message_that_names_the_mistake(wrong_solution, tmp_path):
    kata = wrong_solution.parent.name
    expectations = declared(wrong_solution, "CAUGHT_BY")
    not_charged = declared(wrong_solution, "NOT_CHARGED_BY", default=[])
    run = run_kata_tests(
        f"katas/{kata}",
        f"--impl={submission_folder(tmp_path, {kata: wrong_solution})}",
        "-k",
        " or ".join([*expectations, *not_charged]),
        tmp_path=tmp_path,
    )
    for test_function in not_charged:
        cases = run.named(test_function)
        assert cases and all(c.outcome == "passed" for c in cases.values()), (
            f"{wrong_solution.stem} is charged again by {test_function}:\n{run.summary()}"
        )
    for test_function, phrase in expectations.items():
        cases = run.named(test_function)
        assert cases, f"{test_function} did not run:\n{run.output}"
        assert not [c for c in cases.values() if c.outcome == "error"], run.summary()
        failed = [c.message for c in cases.values() if c.outcome == "failed"]
        assert failed, f"{wrong_solution.stem} passes {test_function}:\n{run.summary()}"
        assert any(phrase.lower() in message.lower() for message in failed), (
            f"{test_function} fails {wrong_solution.stem} without naming the mistake "
            f"({phrase!r} is not in its message):\n" + "\n---\n".join(failed)
        )


TRICKS = [path for path in WRONG_SOLUTIONS if declared(path, "GAMES_THE_TESTS", default=False)]
TRICK_ON, TRICK_OFF = "GAMES_THE_TESTS = True", "GAMES_THE_TESTS = False"


def graded_points(kata, module_text, tmp_path):
    """The points a module earns in its kata, graded in a sandboxed child as the grader does."""
    source = tmp_path / "module.py"
    source.write_text(module_text)
    run = run_kata_tests(
        f"katas/{kata}", f"--impl={submission_folder(tmp_path, {kata: source})}", "--sandboxed", tmp_path=tmp_path
    )
    return sum(test.earned for test in run.tests.values()), run


@pytest.mark.parametrize("trick", TRICKS, ids=[f"{p.parent.name}/{p.stem}" for p in TRICKS])
def test_a_trick_on_the_tests_scores_no_more_than_its_honest_twin(trick, tmp_path):
    kata = trick.parent.name
    module = module_source(trick)
    assert module.count(TRICK_ON) == 1, f"{trick.name} must switch its trick with one line `{TRICK_ON}`"
    (tmp_path / "trick").mkdir()
    (tmp_path / "twin").mkdir()
    tricked, tricked_run = graded_points(kata, module, tmp_path / "trick")
    honest, honest_run = graded_points(kata, module.replace(TRICK_ON, TRICK_OFF), tmp_path / "twin")
    assert tricked_run.tests and honest_run.tests, tricked_run.output + honest_run.output
    assert tricked <= honest, (
        f"{trick.stem} scores {tricked} points with its trick and {honest} without:\n"
        f"with the trick:\n{tricked_run.summary()}\nwithout:\n{honest_run.summary()}"
    )
