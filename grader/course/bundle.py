"""Where the course's files are found: one rule for course.toml, the grading
bundle (``reference/``: the oracle and the hidden suites), the stubs and the
solutions.

The **course folder** holds ``course.toml`` next to ``exercises/``,
``solutions/`` and ``reference/``.  Each of those is looked up in the first
of these folders that holds it:

1. the folder a command is given (``--bundle``, Gradescope's source folder):
   callers that know it pass it, nothing sets ``$GRADER_BUNDLE`` behind
   another's back;
2. ``$GRADER_BUNDLE`` when it is set, and then only there (how a Dask worker
   is pointed at it);
3. the current folder (an instructor works in their course folder);
4. the project clone the grader package runs from.

The grading bundle is never shipped to students, so the grader package must
work without it for everything but grading: it is looked up only when needed.
A wheel installed in a student's repository finds none of these and uses the
course configuration packaged with it (see ``grader/course/config.py``).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HIDDEN = Path("reference") / "hidden"

_chosen: Path | None = None  # the bundle a command named, for later lookups in this process


class BundleMissing(Exception):
    """The hidden suites are not available on this machine."""


def course_folders(*, here: bool = True) -> list[Path]:
    """The folders searched (rules 2 to 4), in order.  ``here=False`` leaves
    out the current folder: ``grader ci`` runs in a student's repository,
    whose course.toml the student controls."""
    env = os.environ.get("GRADER_BUNDLE")
    if env:
        return [Path(env)]
    return ([Path.cwd()] if here else []) + [PROJECT_ROOT]


def find(relative: str | Path, *, here: bool = True) -> Path | None:
    """``relative`` (``course.toml``, ``exercises``, ...) in the first course folder holding it."""
    for folder in course_folders(here=here):
        if (folder / relative).exists():
            return folder / relative
    return None


def bundle_root(root: Path | None = None) -> Path:
    """The bundle folder (the one holding ``reference/hidden/``): ``root``
    when given, else by the rule above."""
    if root is None:
        found = find(HIDDEN / "__init__.py")
        root = found.parents[2] if found is not None else course_folders()[0]
    root = Path(root).resolve()
    if not (root / HIDDEN / "__init__.py").is_file():
        raise BundleMissing(
            f"no grading bundle at {root} (expected reference/hidden/): pass the folder that holds "
            "reference/ (or set GRADER_BUNDLE to it)")
    return root


def ensure_importable(root: Path | None = None) -> Path:
    """Put the bundle's folder on sys.path so ``reference`` imports.  A
    command that knows the folder passes it once; later calls without
    ``root`` in the same process keep that choice."""
    global _chosen
    found = bundle_root(root if root is not None else _chosen)
    if root is not None:
        _chosen = found
    if str(found) not in sys.path:
        sys.path.insert(0, str(found))
    return found


def suite_names(root: Path) -> list[str]:
    """The exercises that have a hidden suite in the bundle at ``root``:
    ``reference/hidden/<exercise>.py`` (names starting with ``_`` are helpers)."""
    folder = root / HIDDEN
    return sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_") and p.stem.isidentifier())
