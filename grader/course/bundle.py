"""Where the course's files are found: one rule for course.toml, the grading
bundle (``reference/``: the oracle and the hidden suites), the stubs and the
solutions.

The **course folder** holds ``course.toml`` next to ``exercises/``,
``solutions/`` and ``reference/``.  Each of those is looked up in the first
of these folders that holds it:

1. ``$GRADER_BUNDLE`` when it is set, and then only there (a Dask worker, a
   Gradescope container or ``grader ci --bundle`` name the course folder
   explicitly);
2. the current folder (an instructor works in their course folder);
3. the project clone the grader package runs from.

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


class BundleMissing(Exception):
    """The hidden suites are not available on this machine."""


def course_folders(*, here: bool = True) -> list[Path]:
    """The folders searched, in order.  ``here=False`` leaves out the current
    folder: ``grader ci`` runs in a student's repository, whose course.toml
    the student controls."""
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


def bundle_root() -> Path:
    """The course folder that holds the grading bundle (``reference/hidden/``)."""
    found = find(HIDDEN / "__init__.py")
    if found is None:
        root = course_folders()[0]
        raise BundleMissing(
            f"no grading bundle at {root} (expected reference/hidden/): set GRADER_BUNDLE to the "
            "folder that holds reference/")
    return found.parents[2]


def ensure_importable() -> Path:
    """Put the bundle's folder on sys.path so ``reference`` imports."""
    root = str(bundle_root())
    if root not in sys.path:
        sys.path.insert(0, root)
    return Path(root)


def suite_names(root: Path) -> list[str]:
    """The exercises that have a hidden suite in the bundle at ``root``:
    ``reference/hidden/<exercise>.py`` (names starting with ``_`` are helpers)."""
    folder = root / HIDDEN
    return sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_") and p.stem.isidentifier())
