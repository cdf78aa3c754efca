"""Reading a kata's lesson and stub: which functions it asks for, and the tiered hints of each.

The kata plugin (conftest.py) uses this for --hint and the progress table, and the self-tests
use it to check that every task has its hints.
"""

import ast
import re
import textwrap


def stub_functions(test_file):
    """The functions a kata asks for, in the order its stub defines them."""
    stub = test_file.with_name(test_file.name.removeprefix("test_"))
    try:
        tree = ast.parse(stub.read_text())
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
    tasks = [name for _, name in re.findall(r"^## Task(?: (\d+))?: `(\w+)\(", text, re.M)]
    if "## Hints" not in text:
        return []
    section = text.split("## Hints", 1)[1]
    blocks = re.split(r"^### Task (\d+)\s*$", section, flags=re.M)
    if len(blocks) > 1:
        by_task = {int(number): block for number, block in zip(blocks[1::2], blocks[2::2])}
        position = tasks.index(function) + 1 if function in tasks else 1
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
