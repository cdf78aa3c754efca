"""What a kata's notebook runs: the `%%kata` cell magic, which runs a cell and keeps its source,
and check(), which writes the kept cells into the kata's module and runs the kata's tests on it,
so that the notebook, `pytest` and the grader all see the same file.

It needs IPython only where a notebook runs it; the rest of the repository never imports it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from kata_records.catalog import REPO, discover

# Where check() writes the module, for a folder laid out like katas/ other than the kata's own
# (the self-test that runs a notebook to the end leaves the learner's file alone).
IMPL_VARIABLE = "KATA_NOTEBOOK_IMPL"
HEADER = "header"  # %%kata header: the cell of the module's imports and constants
KEPT: dict[str, str] = {}  # the first stub function a cell defines (or HEADER) -> that cell's source
HELPERS: dict[str, str] = {}  # a cell of the learner's own that defines no stub function -> its source
STATE = {}


def start(kata_name: str) -> None:
    """Say which kata this notebook is, and register %%kata."""
    (kata,) = discover(selectors=[kata_name])
    STATE["kata"] = kata
    from IPython import get_ipython

    get_ipython().register_magic_function(kata_cell, magic_kind="cell", magic_name="kata")


def kata_cell(line: str, cell: str) -> None:
    """%%kata: run the cell here, as any cell, and keep its source for the module."""
    from IPython import get_ipython

    shell = get_ipython()
    result = shell.run_cell(cell)
    if result.error_before_exec or result.error_in_exec:
        return
    defined = [node.name for node in ast.parse(cell).body if isinstance(node, ast.FunctionDef)]
    ours = [name for name in stub_functions() if name in defined]
    if line.strip() == HEADER:
        KEPT[HEADER] = cell
    elif ours:
        KEPT[ours[0]] = cell
    else:  # a helper of the learner's: it goes after the header, once per name it defines
        HELPERS[",".join(defined) or cell] = cell


def stub_functions() -> list[str]:
    tree = ast.parse(STATE["kata"].stub.read_text())
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def module_path() -> Path:
    kata = STATE["kata"]
    impl = os.environ.get(IMPL_VARIABLE)
    return kata.module_under(impl) if impl else kata.stub


def module_text() -> str:
    """The module as the notebook's cells write it; a part whose cell has not run yet is the
    file's own, so nothing written elsewhere is lost."""
    path = module_path()
    current = path.read_text() if path.exists() else STATE["kata"].stub.read_text()
    tree = ast.parse(current)
    lines = current.splitlines(keepends=True)
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    first = min((node.lineno - len(node.decorator_list) for node in functions.values()), default=len(lines) + 1)
    parts = [KEPT.get(HEADER, "".join(lines[: first - 1])), *HELPERS.values()]
    for name in stub_functions():
        if name in KEPT:
            parts.append(KEPT[name])
        elif name in functions:
            node = functions[name]
            parts.append("".join(lines[node.lineno - 1 - len(node.decorator_list) : node.end_lineno]))
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def check(hint: bool = False) -> None:
    """Write the module, then run the kata's tests on it and show what pytest shows; with
    `hint`, the next hint for the first failing task too."""
    kata = STATE["kata"]
    path = module_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(module_text())
    impl = os.environ.get(IMPL_VARIABLE)
    command = [sys.executable, "-m", "pytest", f"katas/{kata.name}", "--color=yes"]
    command += [f"--impl={impl}"] if impl else []
    command += ["--hint"] if hint else []
    print(f"Wrote {path}; running {' '.join(command[2:])}", flush=True)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    print(done.stdout + done.stderr, flush=True)
