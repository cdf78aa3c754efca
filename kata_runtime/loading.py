"""Importing a learner's kata module by its path, and saying in one sentence why it failed.

The kata plugin uses this to load the learner's file in the test process; the grader's child
process uses the same code on a student's file, so both read the same. An error raised by a
learner's call carries an ErrorOrigin: which function and file it came from, set by whichever
side ran the call.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from importlib import util as importlib_util
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

# Terminal colour codes that some errors (Keras's among them) carry: a message shows text.
TERMINAL_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def error_text(error: BaseException) -> str:
    """An exception's message without terminal codes, as a learner's message quotes it."""
    return TERMINAL_CODES.sub("", str(error))


@dataclasses.dataclass
class ErrorOrigin:
    """Where an error raised by a call into a learner's module came from."""

    function: str | None = None  # the learner's function that was called
    path: Path | None = None  # the learner's file
    # Set when the error was rebuilt from a grading child's report: the three fields below are
    # then the child's account, since no traceback of the learner's code exists on this side.
    rebuilt: bool = False
    where: str = ""  # ' at FILE, line N: `code`'
    library: str | None = None  # the package whose code raised, when the learner's did not
    type_name: str | None = None  # the exception's own class, when rebuilt as another type


def origin_of(error: BaseException) -> ErrorOrigin | None:
    """The ErrorOrigin an error carries, or None for an error no learner's call raised."""
    return getattr(error, "kata_origin", None)


def mark_origin(error: BaseException, **facts: Any) -> BaseException:
    """Add `facts` (fields of ErrorOrigin) to the origin `error` carries."""
    origin = origin_of(error) or ErrorOrigin()
    error.kata_origin = dataclasses.replace(origin, **facts)
    return error


def shown_path(path: str | Path) -> str:
    """A path as the learner would type it: relative to where pytest was started, if possible."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def import_file(
    path: str | Path, shown: str | None, passes_through: tuple[type[BaseException], ...] = ()
) -> tuple[ModuleType | None, str | None]:
    """Import the Python file at `path`; return (module, None) or (None, why it failed).
    `shown` is the name to use in messages; exceptions in `passes_through` propagate."""
    name = "kata_under_test_" + re.sub(r"\W", "_", f"{Path(path).parent.name}_{Path(path).stem}")
    spec = importlib_util.spec_from_file_location(name, path)
    module = importlib_util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        return module, None
    except SyntaxError as error:
        return None, syntax_error_text(error, shown)
    except passes_through:
        raise
    except BaseException as error:  # noqa: BLE001 - any failure of learner code is reported
        where = learner_line(error.__traceback__, path, shown)
        return None, (
            f"importing {shown} raised {type(error).__name__}: {error}{where}\n"
            "Fix that line: no test of this kata can run until the file imports."
        )


def syntax_error_text(error: BaseException, shown: str | None) -> str:
    text = (error.text or "").rstrip("\n")
    pointer = ""
    if text and error.offset:
        pointer = "\n    " + " " * (error.offset - 1 - (len(text) - len(text.lstrip()))) + "^"
    return (
        f"{shown}, line {error.lineno}: syntax error: {error.msg}\n    {text.strip()}{pointer}\n"
        "Fix this line: no test of this kata can run until the file imports."
    )


def learner_line(traceback: TracebackType | None, path: str | Path, shown: str | None = None) -> str:
    """' at FILE, line N: `code`' for the deepest frame of `traceback` in the file `path`."""
    found = ""
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if Path(code.co_filename).resolve() == Path(path).resolve():
            lineno = traceback.tb_lineno
            source = read_line(path, lineno)
            found = f" at {shown or shown_path(path)}, line {lineno}" + (f": `{source}`" if source else "")
        traceback = traceback.tb_next
    return found


def library_that_raised(traceback: TracebackType | None, path: str | Path) -> str | None:
    """The package ('numpy') whose code raised, when the last frame is not in the file `path`."""
    if traceback is None:
        return None
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    frame = traceback.tb_frame
    if Path(frame.f_code.co_filename).resolve() == Path(path).resolve():
        return None
    return str(frame.f_globals.get("__name__", "a library")).split(".")[0]


def read_line(path: str | Path, lineno: int) -> str:
    try:
        return Path(path).read_text().splitlines()[lineno - 1].strip()
    except (OSError, IndexError, UnicodeDecodeError):
        return ""
