"""A failing kata test's message as a learner should read it: the check's own message, or the
call into their code that broke, the line where it broke, and the likely mistake. No raw
traceback (run pytest with --tb=long for one)."""

import pytest

from kata_plugin.collection import KATA, is_kata_test
from kata_plugin.options import RUN
from kata_plugin.timeouts import KataTimeout
from kata_runtime.loading import error_text, learner_line, origin_of


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and call.excinfo is not None and is_kata_test(item):
        if item.config.option.tbstyle not in ("long", "native"):
            report.longrepr = teaching_message(item, call.excinfo)
    return report


def teaching_message(item, excinfo):
    """The failure as a learner should read it: our message, or where their code broke."""
    error = excinfo.value
    if isinstance(error, pytest.fail.Exception):
        return str(error.msg)
    if isinstance(error, AssertionError) and error.args:
        # Assertion rewriting appends its own explanation after the test's message.
        return str(error).split("\nassert ", 1)[0]
    origin = origin_of(error)
    function = origin.function if origin else None
    path = origin.path if origin and origin.path else item.config.stash[RUN].module_path(item.stash[KATA])
    # An error rebuilt from a grading child's report says itself where it was raised.
    where = origin.where if origin and origin.rebuilt else learner_line(excinfo.tb, path)
    if isinstance(error, KataTimeout):
        if where:
            return (
                f"{function or 'your code'}() did not return: {error}. It was running{where}\n"
                "Look for a loop that never ends."
            )
        return f"{error}. The test was still training or checking your model; see the README's hints."
    kind = origin.type_name if origin and origin.type_name else type(error).__name__
    text = f"{kind}: {error_text(error)}".strip()
    text = "\n".join(text.splitlines()[:15])
    if function and where:
        return (
            f"{function}() raised {text}\n  raised{where}\n"
            + keras_error_hint(str(error))
            + "Fix that line (run pytest with --tb=long for the full traceback)."
        )
    if function:
        # Raised by the call itself, before any line of the function ran: the signature differs.
        return (
            f"Calling {function}() raised {text}\nKeep the parameter names and order of the stub "
            "and the kata's README (run pytest with --tb=long for the full traceback)."
        )
    return (
        f"{text}\n(raised while the test used what your code returned; "
        "run pytest with --tb=long for the full traceback)"
    )


def keras_error_hint(message):
    """The first diagnosis of a Keras error that learners of these katas meet most, as a line."""
    from kata_checks.diagnoses import KERAS_ERROR, diagnose  # only a failing kata test pays for keras

    sentences = diagnose(KERAS_ERROR, message)
    return sentences[0] + "\n" if sentences else ""
