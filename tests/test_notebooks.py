"""The katas as notebooks (kata_notebooks/): each committed notebook is what the generator makes
from today's lesson and stub, its cells write the module the terminal and the grader read, and
kata 01's notebook, with the reference solution in its cells, runs headless to "done".

The notebook tooling is optional for learners (requirements-notebooks.txt); CI installs it."""

import ast
import os
import sys

import pytest

from kata_runs import REPO, SOLUTIONS

sys.path.insert(0, str(REPO))
from kata_notebooks import cells  # noqa: E402
from kata_records.catalog import discover  # noqa: E402

nbformat = pytest.importorskip("nbformat", reason="the notebook tooling: pip install -r requirements-notebooks.txt")

KATA = "01_many_to_one"


def test_each_committed_notebook_is_what_the_generator_makes_from_todays_sources():
    from kata_notebooks.__main__ import main

    assert main(["--check"]) == 0, "a notebook is out of date with its lesson or stub: run python -m kata_notebooks"


@pytest.mark.parametrize("kata", discover(), ids=lambda kata: kata.name)
def test_each_notebook_gives_every_function_a_cell_and_ends_by_running_the_tests(kata):
    book = nbformat.read(REPO / "notebooks" / f"{kata.name}.ipynb", as_version=4)
    sources = [cell.source for cell in book.cells if cell.cell_type == "code"]
    defined = [
        node.name
        for source in sources
        if source.startswith("%%kata")
        for node in ast.parse(source.split("\n", 1)[1]).body
        if isinstance(node, ast.FunctionDef)
    ]
    functions = [node.name for node in ast.parse(kata.stub.read_text()).body if isinstance(node, ast.FunctionDef)]
    assert sorted(defined) == sorted(functions)
    assert f'KATA = "{kata.name}"' in sources[0] and sources[-1].rstrip().endswith("kata.check()")


def test_the_module_is_the_cells_that_ran_their_helpers_and_the_files_own_parts_for_the_rest(tmp_path, monkeypatch):
    (kata,) = discover(selectors=[KATA])
    monkeypatch.setitem(cells.STATE, "kata", kata)
    monkeypatch.setattr(cells, "KEPT", {"make_windows": "def make_windows(series, time_steps):\n    return 'mine'\n"})
    monkeypatch.setattr(cells, "HELPERS", {"scaled": "def scaled(series):\n    return series\n"})
    monkeypatch.setenv(cells.IMPL_VARIABLE, str(tmp_path))
    (tmp_path / KATA).mkdir()
    written = (SOLUTIONS / KATA / "many_to_one.py").read_text()
    cells.module_path().write_text(written)
    text = cells.module_text()
    tree = ast.parse(text)
    functions = {
        node.name: ast.get_source_segment(text, node) for node in tree.body if isinstance(node, ast.FunctionDef)
    }
    assert "return 'mine'" in functions["make_windows"]  # the cell that ran
    assert functions["build_many_to_one"] in written  # the file's own, whose cell has not run
    assert text.startswith(written.split("def ", 1)[0].strip()[:40])  # the file's imports
    assert text.index("def scaled(") < text.index("def make_windows(")  # a helper of the learner's, first


@pytest.mark.end_to_end
@pytest.mark.timeout(600)
def test_kata_01s_notebook_with_the_reference_solution_runs_headless_to_done(tmp_path, monkeypatch):
    nbclient = pytest.importorskip("nbclient", reason="the notebook tooling: pip install -r requirements-notebooks.txt")
    book = nbformat.read(REPO / "notebooks" / f"{KATA}.ipynb", as_version=4)
    solution = (SOLUTIONS / KATA / "many_to_one.py").read_text()
    lines = solution.splitlines(keepends=True)
    nodes = [node for node in ast.parse(solution).body if isinstance(node, ast.FunctionDef)]
    answers = {node.name: "".join(lines[node.lineno - 1 : node.end_lineno]) for node in nodes}
    for cell in book.cells:
        if cell.cell_type == "code" and cell.source.startswith("%%kata"):
            magic, body = cell.source.split("\n", 1)
            names = [node.name for node in ast.parse(body).body if isinstance(node, ast.FunctionDef)]
            cell.source = magic + "\n" + (answers[names[0]] if names else "".join(lines[: nodes[0].lineno - 1]))
    monkeypatch.setenv(cells.IMPL_VARIABLE, str(tmp_path))  # the learner's own file stays as it is
    client = nbclient.NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO / "notebooks")}}
    )
    client.execute()
    shown = "".join(output.get("text", "") for output in book.cells[-1].outputs)
    assert "1 of 1 kata done (37/37 points)" in shown, shown[-3000:]
    assert (tmp_path / KATA / "many_to_one.py").read_text().count("def ") == len(nodes)
    assert os.environ[cells.IMPL_VARIABLE] == str(tmp_path)
