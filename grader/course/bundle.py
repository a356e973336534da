"""Where the grading bundle (``reference/``: the oracle and the hidden suites)
is found.  It is never shipped to students, so the grader package must work
without it for everything but grading: it is looked up only when needed, in
``$GRADER_BUNDLE`` if set, else next to the grader package (a project clone)."""
from __future__ import annotations

import os
import sys
from pathlib import Path


class BundleMissing(Exception):
    """The hidden suites are not available on this machine."""


def bundle_root() -> Path:
    env = os.environ.get("GRADER_BUNDLE")
    root = Path(env) if env else Path(__file__).resolve().parents[2]
    if not (root / "reference" / "hidden" / "__init__.py").is_file():
        raise BundleMissing(
            f"no grading bundle at {root} (expected reference/hidden/): set GRADER_BUNDLE to the "
            "folder that holds reference/")
    return root


def ensure_importable() -> Path:
    """Put the bundle's folder on sys.path so ``reference`` imports."""
    root = str(bundle_root())
    if root not in sys.path:
        sys.path.insert(0, root)
    return Path(root)
