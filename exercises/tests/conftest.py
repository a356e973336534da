"""Shared set-up for the public exercise tests.

* Puts the folder with your exercise files at the front of ``sys.path`` so
  that ``import neuron`` finds *your* ``neuron.py``: the folder named by the
  environment variable ``EXERCISES_DIR`` when it is set, otherwise the
  folder above this ``tests/`` folder.
* Makes failures of unfinished exercises short and friendly: a test that
  fails because a function still raises ``NotImplementedError`` is reported
  as "<function> is not implemented yet" instead of a long traceback, and
  the end of the run lists every function that is still missing.
"""
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

# One exercise per public test file: tests/test_<exercise>.py tests <exercise>.py.
EXERCISE_MODULES = tuple(sorted(p.stem[len("test_"):] for p in Path(__file__).parent.glob("test_*.py")))

EXERCISES_DIR = Path(os.environ.get("EXERCISES_DIR") or Path(__file__).resolve().parent.parent).resolve()

if str(EXERCISES_DIR) in sys.path:
    sys.path.remove(str(EXERCISES_DIR))
sys.path.insert(0, str(EXERCISES_DIR))

# A module of the same name imported earlier from somewhere else would shadow
# the student's file; forget it so that the next import finds the right one.
for _name in EXERCISE_MODULES:
    _mod = sys.modules.get(_name)
    _file = getattr(_mod, "__file__", None) if _mod is not None else None
    if _mod is not None and (not _file or Path(_file).resolve().parent != EXERCISES_DIR):
        del sys.modules[_name]

_NOT_IMPLEMENTED = "not_implemented"
_missing = {}  # message -> number of tests it failed


def pytest_report_header(config):
    return f"exercises: {EXERCISES_DIR}"


@pytest.fixture
def strict_numpy():
    """Inside the test, every warning and every NumPy overflow, invalid
    operation or division by zero raises (underflow to 0 is allowed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield


def _where(excinfo):
    """'neuron.py:123' for the innermost frame in the exercises folder, if any."""
    for entry in reversed(excinfo.traceback):
        path = Path(str(entry.path))
        if path.resolve().parent == EXERCISES_DIR:
            return f"{path.name}:{entry.lineno + 1}"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    excinfo = call.excinfo
    if report.failed and excinfo is not None and excinfo.errisinstance(NotImplementedError):
        message = str(excinfo.value) or "a function is not implemented yet"
        where = _where(excinfo)
        # A one-line report: the stub's own message, and where it was raised.
        report.longrepr = excinfo.getrepr(style="line")
        if where:
            report.sections.append(("hint", f"{message} -- fill in the function ({where})."))
        report.user_properties.append((_NOT_IMPLEMENTED, message))


def pytest_runtest_logreport(report):
    for key, value in report.user_properties:
        if key == _NOT_IMPLEMENTED:
            _missing[value] = _missing.get(value, 0) + 1


def pytest_terminal_summary(terminalreporter):
    if not _missing:
        return
    terminalreporter.section("not implemented yet")
    for message, count in sorted(_missing.items()):
        tests = "test" if count == 1 else "tests"
        terminalreporter.write_line(f"{message} ({count} {tests} failed because of it)")
