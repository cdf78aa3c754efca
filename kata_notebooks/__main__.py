"""`python -m kata_notebooks [--check]`: write notebooks/NN_name.ipynb for every kata, from its
lesson and its stub, or with --check, say which committed notebook differs from what would be
written.

A notebook holds: a first cell that finds the repository, or clones it (in Colab) and installs
the requirements only where they are missing; the lesson, a section per cell, each task
followed by a `%%kata` cell per function of the stub; and last, a cell that writes those cells
into the kata's module and runs its tests (kata_notebooks/cells.py). The format is nbformat's.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tomllib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kata_records.catalog import REPO, Kata, discover

NOTEBOOKS = REPO / "notebooks"
REPOSITORY = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
HINTS = "## Hints"  # the lesson's pointer to HINTS.md; a notebook has kata.check(hint=True)

SETUP = """# Run this first. Where the katas are not here (Colab), it clones them and installs what is missing.
import importlib.util, os, subprocess, sys
from pathlib import Path

KATA = "{kata}"
here = Path.cwd().resolve()
root = next((p for p in [here, *here.parents] if (p / "katas" / KATA).is_dir()), None)
if root is None:
    if not Path("lstm-katas").is_dir():
        subprocess.run(["git", "clone", "--depth", "1", "{repository}", "lstm-katas"], check=True)
    root = Path("lstm-katas").resolve()
os.chdir(root)
sys.path.insert(0, str(root))
missing = [name for name in ("keras", "pytest", "pytest_timeout") if importlib.util.find_spec(name) is None]
if missing:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", "requirements.txt"], check=True)

import kata_notebooks.cells as kata

kata.start(KATA)
print(f"Kata {{KATA}}, in {{root}}: run each cell you edit, then the last one.")"""

CHECK = """# Writes your cells into {module} and runs the kata's tests on it, as `pytest katas/{kata}` does.
# kata.check(hint=True) also shows the next hint for the first failing task.
kata.check()"""


def sections(lesson: str) -> list[str]:
    """The lesson cut at each `## ` heading, without its closing "Hints" section."""
    parts = re.split(r"(?m)^(?=## )", lesson)
    return [part.strip() for part in parts if part.strip() and not part.startswith(HINTS)]


def stub_parts(kata: Kata) -> tuple[str, dict[str, str]]:
    """The stub's header (imports, constants) and each function's source."""
    source = kata.stub.read_text()
    lines = source.splitlines(keepends=True)
    functions = [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    header = "".join(lines[: functions[0].lineno - 1]).strip()
    return header, {node.name: "".join(lines[node.lineno - 1 : node.end_lineno]).strip() for node in functions}


def notebook(kata: Kata):
    header, functions = stub_parts(kata)
    module = f"katas/{kata.name}/{kata.module_file}"
    cells = [
        new_markdown_cell(
            f"Edit the function cells below and run them (each starts with `%%kata`, which keeps it for the "
            f"module), then run the last cell: it writes them into `{module}` and runs the kata's tests, as "
            f"`pytest katas/{kata.name}` does in a terminal. Your notebook, the terminal and the grader see "
            f"the same file."
        ),
        new_code_cell(SETUP.format(kata=kata.name, repository=REPOSITORY)),
        new_code_cell("%%kata header\n" + header),
    ]
    placed = set()
    for section in sections(kata.lesson.read_text()):
        cells.append(new_markdown_cell(section))
        heading = section.splitlines()[0]
        if heading.startswith("## Task"):
            for name in re.findall(r"`(\w+)\(", heading):
                if name in functions and name not in placed:
                    cells.append(new_code_cell("%%kata\n" + functions[name]))
                    placed.add(name)
    cells += [new_code_cell("%%kata\n" + source) for name, source in functions.items() if name not in placed]
    cells.append(new_code_cell(CHECK.format(module=module, kata=kata.name)))
    for number, cell in enumerate(cells):
        cell["id"] = f"{kata.name[:2]}-{number:02d}"  # stable, so that a regenerated notebook is the same file
    book = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(book)
    return book


def path_of(kata: Kata):
    return NOTEBOOKS / f"{kata.name}.ipynb"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m kata_notebooks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a notebook is not up to date")
    arguments = parser.parse_args(argv)
    stale = []
    for kata in discover():
        text = nbformat.writes(notebook(kata))
        path = path_of(kata)
        if arguments.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            NOTEBOOKS.mkdir(exist_ok=True)
            path.write_text(text)
    if stale:
        print(f"Not up to date: {', '.join(stale)}. Run python -m kata_notebooks.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
