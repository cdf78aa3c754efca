"""Which likely mistakes a failing check named, as data: each diagnosis by name with its sentence.

A failure message names a likely mistake in one of two ways: a diagnosis of the registry
(diagnoses.py), named by its function, or a row of a test's table of wrong answers
(mistakes.py), named by the first words of its sentence. Both report what they chose here, as
they choose it. The kata plugin sets FOUND, for the running test, to a function that keeps them,
and a failed test's grade report carries them (`kata_diagnoses`), so that a class's insights
count mistakes without reading a message back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar

FOUND: ContextVar[Callable[[str, str], None] | None] = ContextVar("kata_diagnoses_found", default=None)
NAME_WORDS = 8  # a table row's name: this many words of its sentence


def found(name: str, sentence: str) -> str:
    """Note that the running check names `sentence`, the diagnosis `name`; return the sentence."""
    record = FOUND.get()
    if record is not None and sentence:
        record(name, sentence)
    return sentence


def mistake_name(sentence: str) -> str:
    """A table row's name: its sentence's first words, lower case, joined by underscores."""
    words = re.findall(r"[a-z0-9]+", sentence.lower())
    return "_".join(words[:NAME_WORDS]) or "unnamed"
