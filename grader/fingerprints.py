"""Whether two kata modules are the same program however they are laid out: a fingerprint of a
module's syntax tree with its comments, whitespace, docstrings and chosen names erased.

Two students whose modules share a fingerprint wrote the same statements in the same order;
only the names, the comments or the layout differ. The module is parsed, never run, and a
module that cannot be parsed, or is nested too deeply to walk, has no fingerprint.
"""

from __future__ import annotations

import ast
import hashlib


class ErasedNames(ast.NodeTransformer):
    """Every name the author chose becomes '_'; docstrings go. Attribute names stay, for
    `layers.LSTM` and `layers.GRU` are different programs."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = "_"
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = "_"
        node.annotation = None
        return node

    def visit_alias(self, node: ast.alias) -> ast.AST:
        node.asname = None if node.asname is None else "_"
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.body = without_docstring(node.body)
        return self.generic_visit(node)

    def visit_Module(self, node: ast.Module) -> ast.AST:
        node.body = without_docstring(node.body)
        return self.generic_visit(node)


def without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return body[1:] or [ast.Pass()]
    return body


def fingerprint(source: bytes) -> str | None:
    """sha256 of the module's tree with names, docstrings, comments and layout erased; None
    when it cannot be parsed or walked."""
    try:
        tree = ErasedNames().visit(ast.parse(source))
        return hashlib.sha256(ast.dump(tree, annotate_fields=False).encode()).hexdigest()
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
