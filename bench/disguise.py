"""Disguise a copied solution the way a student hiding a copy would: rename
every local variable, parameter-free helper and module-level constant,
reorder the top-level definitions, drop the comments, rewrite the docstrings
and reformat (ast.unparse).  Used by the similarity tests and benchmark to
make copies that must still be found; ``seed`` picks the names and order.

    python bench/disguise.py SOURCE.py SEED > disguised.py
"""
from __future__ import annotations

import ast
import builtins
import random
import sys

WORDS = ["data", "value", "tmp", "res", "arr", "vec", "acc", "item", "cur", "buf", "part", "thing",
         "num", "aux", "col", "row", "elem", "stuff", "foo", "bar", "qty", "out2", "hold", "xx"]


class _Renamer(ast.NodeTransformer):
    """Renames the names in ``mapping`` wherever they are loaded or stored;
    public function names and parameters stay (the grader calls them)."""

    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_FunctionDef(self, node):
        node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node


def _renamable(tree: ast.Module) -> list[str]:
    """Locals, private helpers and module constants: what a student can
    rename without breaking the exercise API."""
    params = {a.arg for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
              for a in f.args.args + f.args.kwonlyargs + f.args.posonlyargs}
    imported = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("_"):
            names.add(node.name)
    return sorted(names - params - imported - set(dir(builtins)))


def disguise(source: str, seed: int) -> str:
    rng = random.Random(seed)
    tree = ast.parse(source)
    old = _renamable(tree)
    new = rng.sample(WORDS, k=min(len(WORDS), len(old)))
    mapping = {name: f"{word}_{rng.randint(1, 99)}" for name, word in zip(old, new + old[len(new):])}
    tree = _Renamer(mapping).visit(tree)
    for node in ast.walk(tree):  # docstrings say something else
        if isinstance(node, (ast.FunctionDef, ast.Module)) and node.body and \
                isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) \
                and isinstance(node.body[0].value.value, str):
            node.body[0].value.value = f"my own work {rng.randint(0, 10**6)}"
    head = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))]
    rest = [n for n in tree.body if n not in head]
    rng.shuffle(rest)  # a helper used at import time must come first: keep constants ahead of defs
    rest.sort(key=lambda n: isinstance(n, ast.FunctionDef))
    tree.body = head + rest
    return ast.unparse(tree) + "\n"


if __name__ == "__main__":
    sys.stdout.write(disguise(open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2])))
