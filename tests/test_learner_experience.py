"""What a learner sees at the end of a run: the progress table, the collapse of tests that
only met a stub, the hints one tier at a time, and the pictures in failure messages.

Each test drives a real pytest run and reads its terminal output.
"""

import re

import pytest

from kata_runs import KATAS, SOLUTIONS, SUBMISSIONS, run_kata_tests, shipped_stub, submission_folder

WRONG = SUBMISSIONS / "wrong"
# Each test drives one or more real pytest runs of a few seconds each; the hint test runs six.
pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(300)]


def stub_file(tmp_path, kata, module):
    path = tmp_path / f"{kata}-stub.py"
    path.write_text(shipped_stub(KATAS / kata / module))
    return path


@pytest.fixture(scope="module")
def one_done_one_not_started(tmp_path_factory):
    """Kata 01 solved, kata 02 untouched: the progress table's two ends."""
    tmp_path = tmp_path_factory.mktemp("progress")
    submission = submission_folder(
        tmp_path,
        {
            "01_many_to_one": SOLUTIONS / "01_many_to_one" / "many_to_one.py",
            "02_many_to_many": stub_file(tmp_path, "02_many_to_many", "many_to_many.py"),
        },
    )
    return run_kata_tests("katas/01_many_to_one", "katas/02_many_to_many", f"--impl={submission}", tmp_path=tmp_path)


def test_progress_table_gives_each_kata_its_state_and_an_overall_line(one_done_one_not_started):
    output = one_done_one_not_started.output
    assert re.search(r"^=+ kata progress =+$", output, re.M), output
    assert re.search(
        r"^01_many_to_one\s+37/37\s+points\s+all tests pass: done! Compare yours with the reference: "
        r"solutions/01_many_to_one/many_to_one\.py$",
        output,
        re.M,
    ), output
    assert re.search(
        r"^02_many_to_many\s+0/37\s+points\s+not started: make_step_windows\(\), build_many_to_many\(\) "
        r"still raise NotImplementedError$",
        output,
        re.M,
    ), output
    assert "1 of 2 katas done (37/74 points)" in output


def test_progress_table_names_the_next_thing_to_do(one_done_one_not_started):
    assert re.search(
        r"^Next: read katas/02_many_to_many/README\.md, then write make_step_windows\(\) in .*"
        r"02_many_to_many/many_to_many\.py\.$",
        one_done_one_not_started.output,
        re.M,
    ), one_done_one_not_started.output


def test_a_kata_not_started_does_not_show_a_wall_of_failures(one_done_one_not_started):
    output = one_done_one_not_started.output
    # Every one of its tests still fails (and counts as failed)...
    waiting = [name for name, outcome in one_done_one_not_started.tests.items() if outcome.kata == "02_many_to_many"]
    assert waiting and all(one_done_one_not_started.tests[name].outcome == "failed" for name in waiting)
    assert f"{len(waiting)} failed" in output
    # ...but none is listed: the progress table names each unwritten function once.
    assert "is not implemented yet" not in output, output
    assert "FAILED katas/02_many_to_many" not in output


def test_a_kata_is_not_done_while_some_of_its_tests_were_not_selected(tmp_path):
    run = run_kata_tests("katas/01_many_to_one", "--impl=solutions", "-k", "make_windows", tmp_path=tmp_path)
    assert re.search(
        r"^01_many_to_one\s+15/15\s+points\s+the selected tests pass; 10 more were not selected$", run.output, re.M
    ), run.output
    assert "0 of 1 kata done" in run.output and "done!" not in run.output
    # The command it suggests keeps the run's own options.
    assert "Next: run all the tests of this kata: pytest katas/01_many_to_one --impl=solutions\n" in run.output


def test_in_progress_kata_shows_its_first_real_failure_and_the_unwritten_functions(tmp_path):
    source = (SOLUTIONS / "01_many_to_one" / "many_to_one.py").read_text()
    stub = shipped_stub(KATAS / "01_many_to_one" / "many_to_one.py")
    # make_windows written with a mistake (the target inside the window), build_many_to_one untouched.
    half = tmp_path / "half.py"
    half.write_text(
        source[: source.index("def build_many_to_one")].replace("series[time_steps:]", "series[time_steps - 1:-1]")
        + stub[stub.index("def build_many_to_one") :]
    )
    run = run_kata_tests(
        "katas/01_many_to_one", f"--impl={submission_folder(tmp_path, {'01_many_to_one': half})}", tmp_path=tmp_path
    )
    assert re.search(r"^01_many_to_one\s+\d+/37\s+points\s+first failing test: test_make_windows", run.output, re.M), (
        run.output
    )
    assert re.search(
        r"^\s+build_many_to_one\(\) still raises NotImplementedError \(\d+ test\(s\) wait on it\)$", run.output, re.M
    )
    (next_line,) = [line for line in run.output.splitlines() if line.startswith("Next: ")]
    assert next_line.startswith("Next: make test_make_windows") and "edit make_windows() in" in next_line
    assert next_line.endswith("--hint for a hint).") and "--impl=" in next_line, next_line


def test_hint_shows_one_more_tier_per_run_and_a_fresh_cache_starts_over(tmp_path):
    hints = (KATAS / "01_many_to_one" / "HINTS.md").read_text()
    task_one = hints.split("## Task 1", 1)[1].split("## Task 2", 1)[0]
    tiers = re.findall(r"^\d+\. (.*)$", task_one, re.M)
    assert len(tiers) == 4
    stubs = submission_folder(tmp_path, {"01_many_to_one": stub_file(tmp_path, "01_many_to_one", "many_to_one.py")})

    def hint_run(cache):
        arguments = ["katas/01_many_to_one", f"--impl={stubs}", "--hint", "-k", "make_windows"]
        return run_kata_tests(*arguments, tmp_path=tmp_path, cache_dir=cache)

    for run_number in range(len(tiers) + 1):
        run = hint_run(tmp_path / "cache")
        tier = min(run_number, len(tiers) - 1)
        assert f"Hint {tier + 1} of 4 for make_windows() (katas/01_many_to_one/HINTS.md):" in run.output, run.output
        assert tiers[tier][:40] in run.output
    assert "That was the last hint" in run.output
    fresh = hint_run(tmp_path / "fresh-cache")
    assert "Hint 1 of 4 for make_windows()" in fresh.output


def test_a_model_that_does_not_learn_shows_its_learning_curve_as_a_sparkline(tmp_path):
    submission = submission_folder(
        tmp_path, {"01_many_to_one": WRONG / "01_many_to_one" / "learning_rate_too_small.py"}
    )
    run = run_kata_tests("katas/01_many_to_one", f"--impl={submission}", "-k", "learns", tmp_path=tmp_path)
    (failure,) = [outcome.message for outcome in run.tests.values() if outcome.outcome == "failed"]
    # Barely any fall from the first epoch to the last: a flat, full-height line.
    assert re.search(r"Training loss per epoch: █{10,}\s+\S+ -> \S+", failure), failure


def test_attention_that_looks_nowhere_shows_a_heatmap(tmp_path):
    submission = submission_folder(tmp_path, {"07_attention": WRONG / "07_attention" / "queries_without_a_decoder.py"})
    run = run_kata_tests("katas/07_attention", f"--impl={submission}", "-k", "looks_at_the_tagged", tmp_path=tmp_path)
    (failure,) = [outcome.message for outcome in run.tests.values() if outcome.outcome == "failed"]
    assert "output step \\ input step  0   1   2   3   4   5   6   7" in failure, failure
    assert len(re.findall(r"^\s+[0-3]\s+.*max \d\.\d\d at step \d$", failure, re.M)) == 4
    assert "[ ] marks the input step the task says to read" in failure
