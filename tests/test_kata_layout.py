"""Every kata follows the layout: a lesson with hints, a stub with TODOs, graded tests with
points, and a reference solution with the same functions."""

import ast

import pytest

from kata_lessons import lesson_hints
from kata_lessons import stub_functions as lesson_functions
from kata_runs import KATAS, SOLUTIONS, kata_folders, kata_module_name

KATA_FOLDERS = kata_folders()
IDS = [kata.name for kata in KATA_FOLDERS]


def functions(path):
    """name -> ast.FunctionDef for the top-level functions of a Python file."""
    tree = ast.parse(path.read_text())
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def signature(function):
    return ast.unparse(function.args)


def test_there_are_katas():
    assert [kata.name for kata in KATA_FOLDERS][:2] == ["01_many_to_one", "02_many_to_many"]


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_every_kata_has_a_lesson_with_hints(kata):
    lesson = kata / "README.md"
    assert lesson.is_file(), f"{kata.name} has no README.md lesson"
    lines = [line.strip().lower() for line in lesson.read_text().splitlines()]
    assert "## hints" in lines, f"{lesson} has no '## Hints' section"


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_every_task_has_tiered_hints_that_pytest_hint_can_show(kata):
    """--hint shows a task's hints one tier at a time: a nudge first, the answer last. A kata
    with several tasks gives each its "### Task N" under "## Hints", in the order of the
    "## Task N:" headings."""
    for function in lesson_functions(kata / f"test_{kata_module_name(kata)}.py"):
        hints = lesson_hints(kata / "README.md", function)
        assert len(hints) >= 2, f"{kata.name}/README.md has {len(hints)} hint(s) for {function}(); give it tiers"
        assert "```" in hints[-1] or "`" in hints[-1], f"{kata.name}: the last hint for {function}() shows no code"


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_every_stub_function_has_a_todo_and_raises_not_implemented(kata):
    stub = kata / f"{kata_module_name(kata)}.py"
    source = stub.read_text()
    stub_functions = functions(stub)
    assert stub_functions, f"{stub} defines no function"
    lines = source.splitlines()
    for name, function in stub_functions.items():
        body = "\n".join(lines[function.lineno - 1 : function.end_lineno])
        assert "# TODO" in body, f"{stub}: {name}() has no TODO for the learner"
        raised = [node for node in ast.walk(function) if isinstance(node, ast.Raise)]
        assert any("NotImplementedError" in ast.unparse(node) for node in raised), (
            f"{stub}: {name}() does not raise NotImplementedError"
        )
        assert ast.get_docstring(function), f"{stub}: {name}() has no docstring"


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_the_solution_has_the_stub_functions_with_the_same_signatures(kata):
    module = f"{kata_module_name(kata)}.py"
    solution = SOLUTIONS / kata.name / module
    assert solution.is_file(), f"no reference solution at {solution}"
    stub_functions, solution_functions = functions(kata / module), functions(solution)
    for name, function in stub_functions.items():
        assert name in solution_functions, f"{solution} lacks {name}()"
        assert signature(solution_functions[name]) == signature(function), name
    assert "NotImplementedError" not in solution.read_text()


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_every_graded_test_carries_points(kata):
    (test_file,) = kata.glob("test_*.py")
    tests = {name: f for name, f in functions(test_file).items() if name.startswith("test_")}
    assert tests, f"{test_file} has no tests"
    for name, function in tests.items():
        points = [
            d for d in function.decorator_list
            if isinstance(d, ast.Call) and ast.unparse(d.func) == "pytest.mark.points"
        ]
        assert points, f"{test_file}: {name} has no @pytest.mark.points(n)"
        (value,) = [ast.literal_eval(arg) for arg in points[0].args]
        assert isinstance(value, int) and value > 0, f"{test_file}: {name} has points {value!r}"


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_tests_reach_learner_code_only_through_the_fixture(kata):
    (test_file,) = kata.glob("test_*.py")
    module = kata_module_name(kata)
    for node in ast.walk(ast.parse(test_file.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] not in (module, "solutions", "katas"), (
                f"{test_file} imports {name}; use the `kata` fixture instead"
            )


def test_module_names_are_unique_across_katas():
    names = [kata_module_name(kata) for kata in KATA_FOLDERS]
    assert len(names) == len(set(names))
    assert all((KATAS / kata.name).is_dir() for kata in KATA_FOLDERS)
