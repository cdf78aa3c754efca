"""Reading a kata's stub and hints: which functions it asks for, and the tiered hints of each
(in the kata's HINTS.md, apart from the lesson, so that no answer sits under the exercise); and
--hint, which shows the next tier for the first failing task.

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


def kata_hints(kata, function):
    """The tiered hints of `function`'s task, from the kata's HINTS.md: its numbered items, or
    those under its "## Task N" when the kata has several tasks (N as in the lesson's "## Task N:"
    headings)."""
    try:
        lesson, hints = kata.lesson.read_text(), kata.hints.read_text()
    except OSError:
        return []
    return hints_in(lesson, hints, function)


def hints_in(lesson, hints, function):
    """kata_hints on the texts of a lesson and of its hints."""
    # A task's heading names its functions: "## Task 2: `fit_scaling(train)`, `apply_scaling(...)`".
    tasks = [re.findall(r"`(\w+)\(", heading) for heading in re.findall(r"^## Task(?: \d+)?: (.*)$", lesson, re.M)]
    section = hints
    blocks = re.split(r"^## Task (\d+)\s*$", hints, flags=re.M)
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
    where = progress.kata.hints
    hints = kata_hints(progress.kata, function)
    if not hints:
        terminalreporter.write_line(f"{shown_path(where)} has no hints for {function}().")
        return
    cache = getattr(terminalreporter.config, "cache", None)
    key = f"katas/hints/{progress.name}/{function}"
    tier = min((cache.get(key, -1) if cache else -1) + 1, len(hints) - 1)
    if cache:
        cache.set(key, tier)
    terminalreporter.write_line(f"Hint {tier + 1} of {len(hints)} for {function}() ({shown_path(where)}):", bold=True)
    for line in hints[tier].splitlines():
        terminalreporter.write_line("  " + line)
    if tier + 1 < len(hints):
        terminalreporter.write_line("Run with --hint again for the next one.")
    else:
        terminalreporter.write_line(
            "That was the last hint: it gives the answer. `pytest --cache-clear` starts the hints over."
        )
