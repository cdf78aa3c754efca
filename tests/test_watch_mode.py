"""`python -m kata_watch`: the learner's loop, warm. Started on a copy of kata 01's stub, it
shows where the learner stands; each save reruns the kata and shows the row of the progress
table, the first failure's message and the "Next:" line with the run's own options; once every
test passes it moves on to the next kata; Ctrl-C leaves cleanly."""

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from kata_runs import KATAS, REPO, SOLUTIONS, SUBMISSIONS, module_source, shipped_stub

pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(300)]

KATA, MODULE = "01_many_to_one", "many_to_one.py"
SCREEN_SECONDS = 120  # TensorFlow's import, then a run of the kata
CLEAR = "\x1b[2J\x1b[H"
WAITING = "save it to run again"


class Watcher:
    """A running `python -m kata_watch`, read a screen at a time."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kata_watch", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self.output = ""

    def next_screen(self, until=WAITING):
        """The screen on which `until` appears, read as it comes; the one after what was read."""
        deadline = time.monotonic() + SCREEN_SECONDS
        start = len(self.output)
        while until not in self.output[start:].rsplit(CLEAR, 1)[-1]:
            left = deadline - time.monotonic()
            assert left > 0 and self.process.poll() is None, f"no screen with {until!r}:\n{self.output}"
            ready, _, _ = select.select([self.process.stdout], [], [], min(left, 1))
            if ready:
                self.output += os.read(self.process.stdout.fileno(), 65536).decode(errors="replace")
        return self.output[start:].rsplit(CLEAR, 1)[-1]

    def leave(self):
        self.process.send_signal(signal.SIGINT)
        try:
            rest, _ = self.process.communicate(timeout=20)
        finally:
            self.process.kill()
        return self.output + rest.decode(errors="replace")


def save(path, text):
    path.write_text(text)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1))  # a new mtime, however coarse the clock


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
