"""Time limits of kata tests: training tests get longer, and a test that runs past its limit
fails with a KataTimeout raised in the test itself, so its message can say which call hung."""

import signal
import threading

import pytest

from kata_plugin.collection import is_kata_test

TRAINING_TIME_LIMIT = 120  # seconds; other tests get pytest.ini's timeout


class KataTimeout(BaseException):
    """Raised by the per-test alarm. A BaseException, so `except Exception` in learner code
    cannot swallow it."""

    def __init__(self, seconds):
        super().__init__(f"the test ran past its time limit of {seconds:g} s")
        self.seconds = seconds


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"training: the test trains a model; it gets {TRAINING_TIME_LIMIT} s, and "
        "tests/benchmark.py runs it for many seeds.",
    )


@pytest.hookimpl(trylast=True)  # after collection.py has marked the kata tests
def pytest_collection_finish(session):
    for item in session.items:
        if is_kata_test(item) and item.get_closest_marker("training") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(TRAINING_TIME_LIMIT))


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item, settings):
    """Raise KataTimeout in the test itself, instead of pytest-timeout's dump of every thread's
    stack."""
    if (
        not is_kata_test(item)
        or settings.method != "signal"
        or threading.current_thread() is not threading.main_thread()
    ):
        return None

    def on_alarm(signum, frame):
        raise KataTimeout(settings.timeout)

    def cancel():
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    return True
