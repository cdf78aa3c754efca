"""Reading a kata's lesson and stub: which functions it asks for, and the tiered hints of each;
and --hint, which shows the next tier for the first failing task.

The self-tests use the same reading to check that every task has its hints.
"""

import ast
import re
import textwrap

from kata_runtime.loading import shown_path


def stub_functions(kata):
    """The functions a kata asks for, in the order its stub defines them."""
    try:
        tree = ast.parse(kata.stub.read_text())
    except (OSError, SyntaxError):
        return []
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def lesson_hints(lesson, function):
    """The tiered hints of `function`'s task in a kata's README: the numbered items under
    "## Hints", or under its "### Task N" there when the kata has several tasks."""
    try:
        text = lesson.read_text()
    except OSError:
        return []
    return hints_in(text, function)


def hints_in(text, function):
    """lesson_hints on the text of a lesson."""
    # A task's heading names its functions: "## Task 2: `fit_scaling(train)`, `apply_scaling(...)`".
    tasks = [re.findall(r"`(\w+)\(", heading) for heading in re.findall(r"^## Task(?: \d+)?: (.*)$", text, re.M)]
    if "## Hints" not in text:
        return []
    section = text.split("## Hints", 1)[1]
    blocks = re.split(r"^### Task (\d+)\s*$", section, flags=re.M)
    if len(blocks) > 1:
        by_task = {int(number): block for number, block in zip(blocks[1::2], blocks[2::2], strict=False)}
        position = next((number for number, names in enumerate(tasks, 1) if function in names), 1)
        section = by_task.get(position, "")
    items, current = [], None
    for line in section.splitlines():
        if re.match(r"^\d+\.\s", line):
            current = [line.split(".", 1)[1].strip()]
            items.append(current)
        elif current is not None and (line.startswith("   ") or not line.strip()):
            current.append(line[3:])
        else:
            current = None
    return [textwrap.dedent("\n".join(item)).strip() for item in items]


def show_hint(terminalreporter, progress, run):
    """--hint: the next hint for the first failing task. The tier shown last is kept in
    pytest's cache, so each run with --hint goes one tier further."""
    terminalreporter.section("hint")
    if progress is None:
        terminalreporter.write_line("Every kata in this run is done: no hint needed.")
        return
    function = progress.function_to_edit(run) or (stub_functions(progress.kata) or [""])[0]
    lesson = progress.kata.lesson
    hints = lesson_hints(lesson, function)
    if not hints:
        terminalreporter.write_line(f"{shown_path(lesson)} has no hints for {function}().")
        return
    cache = getattr(terminalreporter.config, "cache", None)
    key = f"katas/hints/{progress.name}/{function}"
    tier = min((cache.get(key, -1) if cache else -1) + 1, len(hints) - 1)
    if cache:
        cache.set(key, tier)
    terminalreporter.write_line(f"Hint {tier + 1} of {len(hints)} for {function}() ({shown_path(lesson)}):", bold=True)
    for line in hints[tier].splitlines():
        terminalreporter.write_line("  " + line)
    if tier + 1 < len(hints):
        terminalreporter.write_line("Run with --hint again for the next one.")
    else:
        terminalreporter.write_line(
            "That was the last hint: it gives the answer. `pytest --cache-clear` starts the hints over."
        )
