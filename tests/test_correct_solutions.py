"""Correct solutions written another way pass every kata test: Sequential or Functional, keras
or tf.keras, 'adam' or Adam(), loops or numpy, and the code of public tutorials."""

import pytest

from kata_runs import SUBMISSIONS, run_kata_tests, submission_folder

pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(600)]

CORRECT_VARIANTS = sorted((SUBMISSIONS / "correct").glob("*/*.py"))


@pytest.mark.parametrize("variant", CORRECT_VARIANTS, ids=[f"{p.parent.name}/{p.stem}" for p in CORRECT_VARIANTS])
def test_correct_solutions_written_another_way_pass(variant, tmp_path):
    """Each holds only what it writes differently: it is graded as the reference solution followed by it."""
    kata = variant.parent.name
    run = run_kata_tests(f"katas/{kata}", f"--impl={submission_folder(tmp_path, {kata: variant})}", tmp_path=tmp_path)
    assert run.tests and all(o.outcome == "passed" for o in run.tests.values()), run.summary()
