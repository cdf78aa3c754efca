"""The reference solutions pass every kata test; the untouched stubs fail every one, cleanly."""

import re

import pytest

from kata_records.catalog import discover
from kata_runs import kata_folders

# The first test to ask for a session fixture pays for a run of every kata.
pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(600)]

TENSORFLOW_NOISE = ["oneDNN", "cuda", "cpu_feature_guard", "I0000", "E0000", "absl::", "rebuild TensorFlow"]


def test_every_kata_test_passes_against_the_reference_solutions(solutions_run):
    assert solutions_run.tests, "no kata test ran:\n" + solutions_run.output
    not_passed = {n: o for n, o in solutions_run.tests.items() if o.outcome != "passed"}
    assert not not_passed, "against solutions/:\n" + solutions_run.summary()
    assert solutions_run.returncode == 0, solutions_run.output


def test_every_kata_has_tests_that_ran(solutions_run):
    for kata in kata_folders():
        assert f"{kata.name} " in solutions_run.output, f"{kata.name} has no score line:\n{solutions_run.output}"


def test_score_table_shows_full_marks_for_the_solutions(solutions_run):
    for kata in kata_folders():
        match = re.search(rf"^{kata.name}\s+(\d+)/(\d+)\s+points\s+all tests pass", solutions_run.output, re.M)
        assert match, f"no full-marks line for {kata.name}:\n{solutions_run.output}"
        assert match.group(1) == match.group(2) and int(match.group(2)) > 0


def test_each_katas_maximum_in_kata_toml_is_the_points_of_its_tests(solutions_run):
    collected = {result.kata: result.max_points for result in solutions_run.report.katas()}
    assert collected == {kata.name: kata.max_points for kata in discover()}


def test_a_passing_training_test_records_its_margin_as_data(solutions_run):
    training = [test for test in solutions_run.report.tests if test.properties.get("kata_training")]
    assert len(training) >= 8, solutions_run.summary()
    for test in training:
        margin = test.properties["kata_training"]
        assert margin["epochs"] >= 1 and margin["bar"] > 0 and margin["score"] >= 0, test


def test_the_header_names_the_code_under_test_and_the_seed(solutions_run):
    assert "katas: testing solutions/; seed 1 (change it with --kata-seed=N)" in solutions_run.output


def test_no_tensorflow_log_noise_reaches_the_terminal(solutions_run, stubs_run):
    for run in (solutions_run, stubs_run):
        for noise in TENSORFLOW_NOISE:
            assert noise not in run.output, f"{noise!r} reached the terminal:\n{run.output}"


def test_every_kata_test_fails_cleanly_against_the_untouched_stubs(stubs_run):
    assert stubs_run.tests, "no kata test ran:\n" + stubs_run.output
    for name, outcome in stubs_run.tests.items():
        assert outcome.outcome == "failed", f"{name} {outcome.outcome} against the stubs:\n{outcome.message}"
        assert "is not implemented yet:" in outcome.message, f"{name}: {outcome.message}"
        assert "Traceback" not in outcome.message and "site-packages" not in outcome.message
    assert re.search(r"^01_many_to_one\s+0/\d+\s+points\s+not started: make_windows\(\)", stubs_run.output, re.M)


def test_stubs_and_solutions_are_tested_by_the_same_tests(solutions_run, stubs_run):
    assert set(solutions_run.tests) == set(stubs_run.tests)
