"""Mutants are patches against the current solutions (grader/authoring/mutants.py):
they apply, they change what they say, and a stale one is refused."""
import ast
from pathlib import Path

import pytest

from grader.authoring import mutants

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "reference" / "mutants"
ALL = [p for ex in sorted(CORPUS.iterdir()) if ex.is_dir() for p in mutants.files(ex)]


def test_the_corpus_is_patches():
    assert len(ALL) >= 100
    assert all(p.suffix == ".mut" for p in ALL)


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_patch_applies_and_changes_the_code(path):
    solution = (ROOT / "solutions" / f"{path.parent.name}.py").read_text()
    source = mutants.source(path, ROOT / "solutions")
    strip = lambda text: ast.dump(ast.Module(body=ast.parse(text).body[1:], type_ignores=[]))  # noqa: E731
    assert strip(source) != strip(solution)  # more than the docstring changed
    assert ast.get_docstring(ast.parse(source)).startswith("catches: ")


def test_round_trip_and_stale_blocks():
    solution = '"""Doc."""\nx = 1\ny = 2\nz = 3\n'
    mutant = '"""catches: t\n\nWhy.\n\nDoc."""\nx = 1\ny = 20\nz = 3\n'
    patch = mutants.make_patch(solution, mutant)
    assert mutants.apply(solution, patch) == mutant
    with pytest.raises(mutants.MutantError, match="occurs 0 times"):
        mutants.apply(solution.replace("y = 2", "y = 5"), patch)
    with pytest.raises(mutants.MutantError, match="occurs 2 times"):
        mutants.apply(solution + "y = 2\n", "catches: t\n\n@@@ solution\ny = 2\n@@@ mutant\ny = 3\n")
