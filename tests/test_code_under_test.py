"""The --impl and --kata-seed contract, and how a broken learner file fails."""

import re

import pytest

from kata_runs import KATAS, SOLUTIONS, SUBMISSIONS, kata_folders, kata_module_name, run_kata_tests, submission_folder

# Each test drives a real pytest run of a kata; a training test alone takes seconds.
pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(300)]

BROKEN = SUBMISSIONS / "broken" / "01_many_to_one"
WRONG = SUBMISSIONS / "wrong"


def test_a_missing_module_fails_its_kata_as_not_submitted(tmp_path):
    submission = submission_folder(tmp_path, {"01_many_to_one": SOLUTIONS / "01_many_to_one" / "many_to_one.py"})
    run = run_kata_tests("katas", f"--impl={submission}", tmp_path=tmp_path)
    for outcome in run.tests.values():
        if outcome.kata == "01_many_to_one":
            assert outcome.outcome == "passed", run.summary()
        else:
            module = kata_module_name(KATAS / outcome.kata)
            assert outcome.outcome == "failed", run.summary()
            assert "not submitted: " in outcome.message
            assert f"{outcome.kata}/{module}.py does not exist" in outcome.message
    for kata in kata_folders()[1:]:
        assert re.search(rf"^{kata.name}\s+0/\d+", run.output, re.M), run.output


def test_an_unknown_impl_folder_is_a_usage_error(tmp_path):
    run = run_kata_tests("katas/01_many_to_one", "--impl=no/such/folder", tmp_path=tmp_path)
    assert run.returncode == 4
    assert "--impl=no/such/folder: there is no such folder" in run.output


def test_a_syntax_error_fails_only_its_own_kata_with_the_line_to_fix(tmp_path):
    submission = submission_folder(
        tmp_path,
        {
            "01_many_to_one": BROKEN / "syntax_error.py",
            "02_many_to_many": SOLUTIONS / "02_many_to_many" / "many_to_many.py",
        },
    )
    run = run_kata_tests("katas/01_many_to_one", "katas/02_many_to_many", f"--impl={submission}", tmp_path=tmp_path)
    assert "error" not in {o.outcome for o in run.tests.values()}, run.summary()
    for outcome in run.tests.values():
        if outcome.kata == "01_many_to_one":
            assert outcome.outcome == "failed"
            assert "many_to_one.py, line 6: syntax error" in outcome.message, outcome.message
            assert "def make_windows(series, time_steps)" in outcome.message
        else:
            assert outcome.outcome == "passed", run.summary()
    assert "Traceback" not in run.output and "ERROR collecting" not in run.output


BROKEN_FILES = {
    "misspelled_import": (
        "test_make_windows_accepts_a_plain_list",
        "raised ModuleNotFoundError: No module named 'kerass' at",
    ),
    "endless_loop_at_import": (
        "test_make_windows_accepts_a_plain_list",
        "did not finish: the test ran past its time limit",
    ),
    "endless_loop_in_function": ("test_make_windows_accepts_a_plain_list", "make_windows() did not return"),
    "only_make_windows": ("test_model_outputs_one_value_per_sequence", "has no function build_many_to_one()"),
    "renamed_parameter": ("test_model_outputs_one_value_per_sequence", "Keep the parameter names and order"),
}


@pytest.mark.parametrize("broken", BROKEN_FILES)
def test_a_broken_file_fails_with_a_message_that_says_what_to_fix(broken, tmp_path):
    test_function, phrase = BROKEN_FILES[broken]
    submission = submission_folder(tmp_path, {"01_many_to_one": BROKEN / f"{broken}.py"})
    run = run_kata_tests(
        "katas/01_many_to_one", f"--impl={submission}", "-k", test_function, "-o", "timeout=3", tmp_path=tmp_path
    )
    cases = run.named(test_function)
    assert cases and all(c.outcome == "failed" for c in cases.values()), run.summary()
    assert all(phrase in c.message for c in cases.values()), run.summary()
    assert "Traceback" not in run.output and "+++ Timeout" not in run.output, run.output


def convergence_message(tmp_path, seed):
    """The failure message of a model that cannot learn in time: it quotes the loss reached."""
    wrong = WRONG / "01_many_to_one" / "learning_rate_too_small.py"
    submission = submission_folder(tmp_path / f"seed-{seed}", {"01_many_to_one": wrong})
    run = run_kata_tests(
        "katas/01_many_to_one", f"--impl={submission}", f"--kata-seed={seed}", "-k", "learns", tmp_path=tmp_path
    )
    assert f"seed {seed} (change it with --kata-seed=N)" in run.output
    (outcome,) = run.tests.values()
    assert outcome.outcome == "failed", run.summary()
    return outcome.message


def test_the_same_seed_gives_the_same_result_and_another_seed_another(tmp_path):
    first = convergence_message(tmp_path, seed=7)
    assert "Held-out mean squared error" in first
    assert convergence_message(tmp_path, seed=7) == first
    assert convergence_message(tmp_path, seed=8) != first
