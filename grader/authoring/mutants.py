"""The mutant corpus: buggy variants of the model solutions, as small patches.

A mutant is one realistic student mistake.  Stored as a whole copy of a
solution it would go stale the day the solution is fixed, so it is stored as
the change it makes, ``reference/mutants/<exercise>/<name>.mut``::

    catches: <the hidden test that must fail on it>

    Mutant of solutions/<exercise>.py: one line on the mistake.

    @@@ solution
        return z.sum(axis=0)
    @@@ mutant
        return z.sum(axis=1)

Everything before the first ``@@@ solution`` becomes the start of the
module's docstring (so the first docstring line says what it catches); each
``@@@ solution`` block must occur exactly once in the current solution and is
replaced by the ``@@@ mutant`` block after it.  A block that no longer
matches is reported, never silently skipped.  Whole-file ``.py`` mutants are
accepted too (handy for a quick experiment).
"""
from __future__ import annotations

import difflib
from pathlib import Path

SOLUTION, MUTANT = "@@@ solution\n", "@@@ mutant\n"
SUFFIXES = (".mut", ".py")


class MutantError(ValueError):
    """A patch that does not apply to the current solution."""


def files(folder: Path) -> list[Path]:
    """The mutants in ``folder``, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file() and p.name != "__init__.py")


def parse(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(docstring header, [(solution block, mutant block), ...])."""
    header, _, rest = text.partition(SOLUTION)
    hunks = []
    for chunk in rest.split(SOLUTION) if rest else []:
        old, sep, new = chunk.partition(MUTANT)
        if not sep:
            raise MutantError("a '@@@ solution' block has no '@@@ mutant' block after it")
        hunks.append((old, new))
    if not hunks:
        raise MutantError("no '@@@ solution' / '@@@ mutant' blocks")
    return header, hunks


def apply(solution: str, text: str) -> str:
    """The mutant's source: the solution with the patch's blocks replaced."""
    header, hunks = parse(text)
    source = solution
    for i, (old, new) in enumerate(hunks, 1):
        count = source.count(old)
        if count != 1:
            raise MutantError(f"block {i} occurs {count} times in the solution (it must occur once): "
                              f"{old.strip().splitlines()[0] if old.strip() else '(empty)'!r}")
        source = source.replace(old, new, 1)
    if not source.startswith('"""'):
        raise MutantError("the solution does not start with a docstring")
    return '"""' + header + source[3:]


def source(path: Path, solutions: Path) -> str:
    """The Python source of the mutant at ``path`` (``.mut`` or ``.py``)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return text
    return apply((solutions / f"{path.parent.name}.py").read_text(encoding="utf-8"), text)


def make_patch(solution: str, mutant: str, context: int = 1) -> str:
    """The ``.mut`` text that turns ``solution`` into ``mutant`` (which
    starts with the mutant's docstring header, then the solution's docstring)."""
    first = solution[3:].split("\n", 1)[0]
    at = mutant.find(first, 3)
    if not mutant.startswith('"""') or at < 0:
        raise MutantError("the mutant does not keep the solution's docstring")
    header, body = mutant[3:at], '"""' + mutant[at:]
    a, b = solution.splitlines(keepends=True), body.splitlines(keepends=True)
    for n in range(context, 40):
        hunks = []
        for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(n):
            i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
            hunks.append(("".join(a[i1:i2]), "".join(b[j1:j2])))
        text = header + "".join(SOLUTION + old + MUTANT + new for old, new in hunks)
        try:
            if apply(solution, text) == mutant:
                return text
        except MutantError:
            pass  # a block not unique yet: more context
    raise MutantError("no patch with unique blocks reproduces the mutant")
