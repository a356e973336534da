"""The hidden test suites, one module per exercise, each defining ``suite``:
``reference/hidden/<exercise>.py`` for every exercise of course.toml (there is
no list of them here: the file is the registration).

They run in the grader's trusted process and reach student code only through
the sandbox (see grader/testing/suite.py).  Never shipped to students.
"""
import importlib
from pathlib import Path


def load_suite(exercise: str):
    """The ``Suite`` of one exercise."""
    if not exercise.isidentifier() or exercise.startswith("_") or \
            not (Path(__file__).parent / f"{exercise}.py").is_file():
        raise KeyError(f"unknown exercise {exercise!r}: no reference/hidden/{exercise}.py")
    return importlib.import_module(f"{__name__}.{exercise}").suite
