"""`python -m kata_watch`: the learner's loop, warm. Started on a copy of kata 01's stub, it
shows where the learner stands; each save reruns the kata and shows the row of the progress
table, the first failure's message and the "Next:" line with the run's own options; once every
test passes it moves on to the next kata; Ctrl-C leaves cleanly."""

import subprocess
import sys

import pytest

from kata_runs import KATAS, REPO, SOLUTIONS, SUBMISSIONS, Watcher, module_source, save, shipped_stub

pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(300)]

KATA, MODULE = "01_many_to_one", "many_to_one.py"


def test_each_save_shows_the_row_the_first_failure_and_the_next_step_then_moves_on(tmp_path):
    module = tmp_path / KATA / MODULE
    module.parent.mkdir()
    module.write_text(shipped_stub(KATAS / KATA / MODULE))
    watcher = Watcher(KATA[:2], f"--impl={tmp_path}")
    try:
        screen = watcher.next_screen()
        assert "not started: make_windows(), build_many_to_one() still raise NotImplementedError" in screen
        assert f"Next: read katas/{KATA}/README.md, then write make_windows()" in screen

        save(module, module_source(SUBMISSIONS / "wrong" / KATA / "windows_target_inside_window.py"))
        screen = watcher.next_screen()
        assert "first failing test: test_make_windows_pairs_each_window_with_the_next_value" in screen, screen
        assert "off by one" in screen, screen  # the failure's own message
        (next_line,) = [line for line in screen.splitlines() if line.startswith("Next: ")]
        assert f"--impl={tmp_path} --hint for a hint" in next_line, next_line

        save(module, (SOLUTIONS / KATA / MODULE).read_text())
        screen = watcher.next_screen(until="On to 02_many_to_many")
        screen = watcher.next_screen()
        assert f"{KATA} is done! On to 02_many_to_many." in screen and "Kata 02" in screen, screen
        assert "not submitted" in screen, screen  # there is no kata 02 module under --impl
    finally:
        output = watcher.leave()
    assert watcher.process.returncode == 0 and output.rstrip().endswith("Stopped watching."), output[-2000:]
    for noise in ("I0000", "absl::", "cuda"):
        assert noise not in output


def test_a_kata_that_does_not_exist_is_refused_with_the_list():
    done = subprocess.run(
        [sys.executable, "-m", "kata_watch", "99"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "no kata is called 99; the katas are 01_many_to_one" in done.stderr
