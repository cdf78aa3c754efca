"""The code's own layout: one job per module, said in its opening docstring, and imports that
go one way only. The code that runs in a student's child (kata_runtime) must not reach the
plugin, the checks, the grader or anything it cannot carry into the child's read-only copy."""

import ast
from pathlib import Path

import pytest

from kata_records.catalog import REPO

PACKAGES = [
    "kata_runtime",
    "kata_records",
    "kata_checks",
    "kata_sandbox",
    "kata_plugin",
    "kata_watch",
    "kata_notebooks",
    "grader",
]
# What each package must never import: the layers above it. The plugin and the grader both run
# a student's code through kata_sandbox, and neither reaches into the other; the watch mode
# drives the plugin.
FORBIDDEN = {
    "kata_runtime": {"kata_records", "kata_checks", "kata_sandbox", "kata_plugin", "kata_watch", "grader"},
    "kata_records": {"kata_checks", "kata_sandbox", "kata_plugin", "kata_watch", "grader"},
    "kata_checks": {"kata_sandbox", "kata_plugin", "kata_watch", "grader"},
    "kata_sandbox": {"kata_checks", "kata_plugin", "kata_watch", "grader"},
    "kata_plugin": {"grader", "kata_watch"},
    "kata_watch": {"grader", "kata_checks", "kata_sandbox"},
    # A notebook runs the kata's tests as a learner's terminal does, through pytest.
    "kata_notebooks": {"grader", "kata_checks", "kata_sandbox", "kata_plugin", "kata_watch"},
    "grader": {"kata_checks", "kata_plugin", "kata_watch"},
}
MODULES = sorted(path for package in PACKAGES for path in (REPO / package).glob("*.py"))
LINE_LIMIT = 330


def imported_packages(path):
    """The top-level names a module imports, wherever in the file the import stands."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def shown(path):
    return Path(path).relative_to(REPO).as_posix()


@pytest.mark.parametrize("module", MODULES, ids=shown)
def test_imports_go_one_way(module):
    forbidden = FORBIDDEN.get(module.parent.name, set()) & imported_packages(module)
    assert not forbidden, f"{shown(module)} imports {sorted(forbidden)}, a layer above its own"


def test_the_runtime_imports_only_the_standard_library_numpy_and_keras():
    """The child runs a copy of kata_runtime's files as plain modules, confined before it
    imports anything: they may import each other by plain name, and nothing of the repository."""
    allowed_own = {path.stem for path in (REPO / "kata_runtime").glob("*.py")} | {"kata_runtime"}
    for module in (REPO / "kata_runtime").glob("*.py"):
        for name in imported_packages(module):
            local = (REPO / name).exists() or (REPO / f"{name}.py").exists()
            assert not local or name in allowed_own, f"{shown(module)} imports the repository's {name}"


@pytest.mark.parametrize("module", MODULES, ids=shown)
def test_every_module_opens_with_its_job_and_stays_small(module):
    text = module.read_text()
    assert ast.get_docstring(ast.parse(text)), f"{shown(module)} has no opening docstring saying its job"
    lines = len(text.splitlines())
    assert lines <= LINE_LIMIT, f"{shown(module)} has {lines} lines; split it by concern"


ANNOTATED = ["kata_checks", "kata_records", "kata_runtime"]


def public_functions(module):
    """The module's public functions and public classes' public methods, as (name, node)."""
    tree = ast.parse(module.read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for method in node.body:
                if isinstance(method, ast.FunctionDef) and not method.name.startswith("_"):
                    yield f"{node.name}.{method.name}", method


@pytest.mark.parametrize("module", [m for m in MODULES if m.parent.name in ANNOTATED], ids=shown)
def test_the_shared_packages_annotate_their_public_api(module):
    """What a kata test, the plugin or the grader calls says what it takes and what it returns."""
    for name, function in public_functions(module):
        arguments = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
        arguments += [a for a in (function.args.vararg, function.args.kwarg) if a is not None]
        bare = [a.arg for a in arguments if a.annotation is None and a.arg not in ("self", "cls")]
        assert not bare and function.returns is not None, (
            f"{shown(module)}: {name} leaves {', '.join(bare) or 'its return'} unannotated"
        )


def test_the_repository_root_is_found_in_one_place():
    """kata_records/catalog.py says where the repository is; every other module imports REPO."""
    for module in MODULES:
        if module != REPO / "kata_records" / "catalog.py":
            assert "parent.parent" not in module.read_text(), f"{shown(module)} works out the repository root again"


def test_the_root_conftest_only_registers_the_plugin():
    tree = ast.parse((REPO / "conftest.py").read_text())
    statements = [node for node in tree.body if not isinstance(node, ast.Expr)]
    assert [ast.unparse(node) for node in statements] == ["pytest_plugins = ['kata_plugin']"]
