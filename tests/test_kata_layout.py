"""Every kata follows the layout: a lesson, its hints apart, a stub with TODOs, graded tests with
points, metadata whose pass bars the lesson states, and a reference solution with the same
functions. And katas/ holds nothing but kata folders."""

import ast
import re
from pathlib import Path

import pytest

from kata_plugin.hints import kata_hints, stub_functions
from kata_records.catalog import KATAS, METADATA, discover, is_kata_folder
from kata_runs import SUBMISSIONS, declared, module_source

CATALOG = discover()
KATA_FOLDERS = [kata.folder for kata in CATALOG]
IDS = [kata.name for kata in CATALOG]


def functions(path):
    """name -> ast.FunctionDef for the top-level functions of a Python file."""
    return functions_in(path.read_text())


def functions_in(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def signature(function):
    return ast.unparse(function.args)


def test_there_are_katas():
    assert [kata.name for kata in KATA_FOLDERS][:2] == ["01_many_to_one", "02_many_to_many"]


@pytest.mark.parametrize("kata", KATA_FOLDERS, ids=IDS)
def test_every_kata_has_a_lesson_and_its_hints_apart(kata):
    lesson = kata / "README.md"
    assert lesson.is_file(), f"{kata.name} has no README.md lesson"
    assert (kata / "HINTS.md").is_file(), f"{kata.name} has no HINTS.md: each task's hints, in tiers"
    last = lesson.read_text().split("\n## ")[-1]
    assert last.startswith("Hints\n"), f"{lesson}: end the lesson with '## Hints', which says how to ask for one"
    assert "--hint" in last and "HINTS.md" in last, f"{lesson}: its '## Hints' must name --hint and HINTS.md"
    # The tiers themselves stay in HINTS.md, out of sight of the exercise: no numbered tier, no code.
    assert not re.search(r"^\d+\.\s", last, re.M) and "```" not in last, (
        f"{lesson}: its '## Hints' shows hints; they belong in HINTS.md"
    )


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_no_lesson_holds_the_code_of_a_function_it_asks_for(kata):
    """The answer is never under the exercise: no code block of the lesson defines a function of
    the stub (a learner who scrolls on would read it before trying)."""
    blocks = kata.lesson.read_text().split("```")[1::2]
    for function in stub_functions(kata):
        shown = [block for block in blocks if re.search(rf"\bdef {function}\(", block)]
        assert not shown, f"{kata.lesson} shows the code of {function}(); it belongs in HINTS.md"


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_every_task_has_tiered_hints_that_end_in_the_whole_function(kata):
    """--hint shows a task's hints one tier at a time: the idea first, then the API, and last
    the whole function, so nobody stays stuck. A kata with several tasks gives each its
    "## Task N" in HINTS.md, in the order of the lesson's "## Task N:" headings."""
    for function in stub_functions(kata):
        hints = kata_hints(kata, function)
        assert len(hints) >= 3, f"{kata.name}/HINTS.md has {len(hints)} hint(s) for {function}(); give it tiers"
        assert "https://keras.io/" in " ".join(hints[:-1]) or "https://numpy.org/" in " ".join(hints[:-1]), (
            f"{kata.name}: no hint before the last links the API docs for {function}()"
        )
        code = "\n\n".join(block.split("```", 1)[0] for block in hints[-1].split("```python")[1:])
        defined = functions_in(code)
        assert function in defined, f"{kata.name}: the last hint for {function}() is not the whole function"
        assert signature(defined[function]) == signature(functions(kata.stub)[function]), (
            f"{kata.name}: the last hint's {function}() has another signature than the stub's"
        )


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_stub_todos_name_the_goal_not_the_code(kata):
    """The lesson and the TODOs state the goal; the layers to type are the exercise."""
    for line in kata.stub.read_text().splitlines():
        comment = line.partition("#")[2]
        for code in ("layers.", "keras.", "compile(", "return_sequences", "np."):
            assert code not in comment, f"{kata.stub}: a comment gives away code ({code!r}): {line.strip()}"


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_task_sections_state_goals_not_keras_recipes(kata):
    """A task section says what goes in, what comes out and what the tests check; it shows no
    Keras code to copy. The code lives in the hints' last tier."""
    text = kata.lesson.read_text()
    tasks = text.split("\n## Task", 1)[-1]
    for block in tasks.split("```")[1::2]:
        assert "layers." not in block and "compile(" not in block, (
            f"{kata.lesson}: a task section shows Keras code; move it to the hints:\n{block}"
        )


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_every_stub_function_has_a_todo_and_raises_not_implemented(kata):
    stub = kata.stub
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


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_the_solution_has_the_stub_functions_with_the_same_signatures(kata):
    solution = kata.solution
    assert solution.is_file(), f"no reference solution at {solution}"
    stub, solution_functions = functions(kata.stub), functions(solution)
    for name, function in stub.items():
        assert name in solution_functions, f"{solution} lacks {name}()"
        assert signature(solution_functions[name]) == signature(function), name
    assert "NotImplementedError" not in solution.read_text()


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_every_graded_test_carries_points(kata):
    test_file = kata.tests
    tests = {name: f for name, f in functions(test_file).items() if name.startswith("test_")}
    assert tests, f"{test_file} has no tests"
    for name, function in tests.items():
        points = [
            d
            for d in function.decorator_list
            if isinstance(d, ast.Call) and ast.unparse(d.func) == "pytest.mark.points"
        ]
        assert points, f"{test_file}: {name} has no @pytest.mark.points(n)"
        (value,) = [ast.literal_eval(arg) for arg in points[0].args]
        assert isinstance(value, int) and value > 0, f"{test_file}: {name} has points {value!r}"


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_tests_reach_learner_code_only_through_the_fixture(kata):
    test_file = kata.tests
    module = kata.module
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
    names = [kata.module for kata in CATALOG]
    assert len(names) == len(set(names))


def test_katas_holds_only_kata_folders():
    """Learners browse katas/: anything there but a kata folder (or a README) is in the way,
    and a shared helper there would be importable by learner code."""
    strays = [
        path.name
        for path in KATAS.iterdir()
        if path.name not in ("README.md", "__pycache__") and not is_kata_folder(path)
    ]
    assert not strays, f"katas/ holds {strays}; only kata folders NN_name/ belong there"


@pytest.mark.parametrize("kata", CATALOG, ids=IDS)
def test_a_kata_folder_holds_its_lesson_metadata_stub_tests_and_declared_data_only(kata):
    """A data file comes with its licence beside it: NAME.csv with NAME.LICENSE."""
    licences = {f"{Path(name).stem}.LICENSE" for name in kata.data}
    expected = {"README.md", kata.hints.name, METADATA, kata.stub.name, kata.tests.name, *kata.data, *licences}
    found = {path.name for path in kata.folder.iterdir() if path.name != "__pycache__"}
    assert found == expected, f"{kata.name} holds {sorted(found - expected)} and lacks {sorted(expected - found)}"


@pytest.mark.parametrize("kata", [kata for kata in CATALOG if kata.pass_bars], ids=lambda kata: kata.name)
def test_the_lesson_states_every_pass_bar_of_kata_toml(kata):
    """A pass bar is written once, in kata.toml; the tests read it from there, and the lesson
    must state the same value."""
    lesson = " ".join(kata.lesson.read_text().split())
    for name, value in kata.pass_bars.items():
        # A share of a percent or more reads as a percentage; a smaller one as a plain number.
        stated = f"{value:.0%}" if value >= 0.01 else f"{value:g}".replace("e-0", "e-")
        assert stated in lesson or (value < 0.01 and f"{value:f}".rstrip("0") in lesson), (
            f"{kata.lesson} does not state {name} = {value} ({stated})"
        )
        assert f"pass_bar(__file__, {name!r})".replace("'", '"') in kata.tests.read_text(), (
            f"{kata.tests} does not read the pass bar {name!r} from {METADATA}"
        )


def test_every_kata_has_a_title_and_a_number():
    assert [kata.number for kata in CATALOG] == list(range(1, len(CATALOG) + 1))
    assert all(kata.title.startswith(f"Kata {kata.name[:2]}: ") for kata in CATALOG)


DOCUMENTS = ("README.md", "docs/grading.md", "CONTRIBUTING.md")
TYPED_COUNT = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)\s+katas\b", re.IGNORECASE
)


def test_the_readme_lists_every_kata_in_order_and_its_sample_has_the_real_maximum():
    """The kata table and the sample run are the catalog's facts, read back from the README."""
    readme = (KATAS.parent / "README.md").read_text()
    listed = re.findall(r"^\| `(\d\d_[a-z0-9_]+)` \|", readme, re.MULTILINE)
    assert listed == [kata.name for kata in CATALOG]
    first = CATALOG[0]
    assert f"(0/{first.max_points} points)" in readme, (
        f"the sample run should show {first.name}'s {first.max_points} points"
    )


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_document_types_a_count_of_katas(document):
    text = (KATAS.parent / document).read_text()
    assert not TYPED_COUNT.findall(text), f"{document} types a count of katas: {TYPED_COUNT.findall(text)}"


SUBMISSION_FILES = sorted((SUBMISSIONS / "wrong").glob("*/*.py")) + sorted((SUBMISSIONS / "correct").glob("*/*.py"))


@pytest.mark.parametrize("submission", SUBMISSION_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in SUBMISSION_FILES])
def test_a_submission_stands_for_a_module_that_differs_from_the_reference(submission):
    """A submission that edits the reference solution names places that are still there (a
    stale edit is refused, not silently skipped), and each edit changes something; the module it
    stands for parses."""
    edits = declared(submission, "EDITS", default=[])
    assert all(old != new for old, new in edits), f"{submission.name} has an edit that changes nothing"
    ast.parse(module_source(submission))
