"""How a name or a path from a student's folder may be shown: on the instructor's terminal, in
a gradebook cell, and as the name of a results file. Nothing a student named reaches any of them
raw: a terminal escape could rewrite the instructor's screen, a cell that begins like a formula
runs in a spreadsheet, and a name of 255 bytes is too long for a file once `.json` is added."""

import hashlib
import re
import unicodedata

# Unicode categories that show nothing and can steer a terminal or the text around them:
# control characters (escape, bell, newline), format characters (bidirectional overrides), line
# and paragraph separators, and the surrogates that stand for bytes a file name held but UTF-8
# cannot read (no terminal or file can print those).
HIDDEN_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")
FORMULA_STARTS = ("=", "+", "-", "@")
FILE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
FILE_NAME_LIMIT = 64  # characters of a name kept in its results file's name


def shown(text):
    """`text` with every character that would steer a terminal written out as an escape:
    '\\x1b[2J' stays visible as text and clears nothing."""
    return "".join(
        char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) in HIDDEN_CATEGORIES else char
        for char in str(text)
    )


def spreadsheet_safe(text):
    """A gradebook cell that a spreadsheet shows as text, escapes written out: one that begins
    like a formula, once normalised (a fullwidth ＝ is an =) and stripped of leading spaces, or
    that begins with a space of any kind, gets a quote first."""
    normalised = unicodedata.normalize("NFKC", str(text))
    if normalised.lstrip().startswith(FORMULA_STARTS) or normalised[:1] != normalised.lstrip()[:1]:
        return "'" + shown(text)
    return shown(text)


def file_name(name):
    """A results file's name for the student `name`, without its `.json`: the name itself when
    it is short and plain, else a plain, bounded form of it and a digest of the whole, so that
    two names never share a file."""
    name = str(name)
    if FILE_NAME_CHARACTERS.search(name) is None and 0 < len(name) <= FILE_NAME_LIMIT and not name.startswith("."):
        return name
    plain = FILE_NAME_CHARACTERS.sub("_", name).strip("._")[:FILE_NAME_LIMIT] or "student"
    return f"{plain}-{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:12]}"
