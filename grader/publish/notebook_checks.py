"""The test cells of a released notebook: a function's public tests, run on
the notebook's own definitions, with friendly feedback.

A test cell calls ``check_function("neuron", "sigmoid", globals())``: the
notebook's functions are put in a module named after the exercise, so the
public tests' ``import neuron`` finds them, and pytest runs (in this
kernel, no subprocess) the tests of that function: the public tests whose
name mentions it, the longest matching function name owning a test
(``sigmoid_derivative`` tests are not ``sigmoid``'s).  The public tests are
the release's ``tests/`` folder when the notebook sits beside it (Jupyter),
else the copy packaged in the grader's wheel (Colab).

Public tests only, on the student's own machine and code: nothing here
decides a grade, and nothing Linux-only is imported.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import types
from dataclasses import dataclass, field
from pathlib import Path

PACKAGED_TESTS = Path(__file__).resolve().parents[1] / "public_tests"


@dataclass
class Outcome:
    """One public test's result, as shown under a test cell."""

    name: str
    status: str               # passed, failed, not_implemented, skipped
    message: str = ""


@dataclass
class CheckReport:
    exercise: str
    function: str | None
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.status in ("passed", "skipped") for o in self.outcomes)


def tests_folder(start: Path | None = None) -> Path | None:
    """``tests/`` beside the notebook (or one folder up), else the packaged copy."""
    start = Path(start or os.getcwd())
    for folder in (start / "tests", start.parent / "tests", PACKAGED_TESTS):
        if (folder / "conftest.py").is_file():
            return folder
    return None


def _module_from(exercise: str, namespace: dict, folder: Path) -> types.ModuleType:
    """The notebook's names as module ``exercise`` (one object reused, so a
    test module imported by an earlier check sees the current definitions)."""
    module = sys.modules.get(exercise)
    if not isinstance(module, types.ModuleType) or not getattr(module, "__notebook__", False):
        module = types.ModuleType(exercise, f"the definitions of the {exercise} notebook")
        module.__notebook__ = True
    module.__dict__.update({k: v for k, v in namespace.items() if not k.startswith("__")})
    module.__file__ = str(folder / f"{exercise}.py")  # where the public tests' conftest looks for exercises
    sys.modules[exercise] = module
    return module


def _owned(test_name: str, function: str, functions: set[str]) -> bool:
    """Whether a test is about ``function``: its name mentions the function
    as a whole word (``_`` separates words), not only inside a longer
    function's name (``test_sigmoid_derivative_...`` is not ``sigmoid``'s,
    ``test_relu_leaky_relu_...`` is both ``relu``'s and ``leaky_relu``'s)."""
    spans = {f: [m.span() for m in re.finditer(rf"(?<![a-z0-9]){re.escape(f)}(?![a-z0-9])", test_name)]
             for f in functions}
    longer = [span for f, found in spans.items() if len(f) > len(function) for span in found]
    return any(not any(a <= start and end <= b for a, b in longer) for start, end in spans.get(function, []))


class _Collector:
    """A pytest plugin keeping each test's outcome and choosing the tests."""

    def __init__(self, function: str | None, functions: set[str]):
        self.function, self.functions = function, functions
        self.outcomes: list[Outcome] = []

    def pytest_collection_modifyitems(self, config, items):
        if self.function is None:
            return
        keep = [i for i in items if _owned(i.name, self.function, self.functions)]
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.failed or report.skipped:
            if any(o.name == report.head_line for o in self.outcomes):
                return
            name = report.head_line or report.nodeid
            not_implemented = [v for k, v in report.user_properties if k == "not_implemented"]
            if not_implemented:
                self.outcomes.append(Outcome(name, "not_implemented", not_implemented[0]))
            elif report.passed:
                self.outcomes.append(Outcome(name, "passed"))
            elif report.skipped:
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
                self.outcomes.append(Outcome(name, "skipped", str(reason)))
            else:
                self.outcomes.append(Outcome(name, "failed", _first_line(report)))


def _tested_functions(exercise: str, test_file: Path) -> set[str]:
    """Every ``<exercise>.<name>`` the public tests use: the exercise's
    functions, including those of cells the student has not run yet."""
    import ast
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    return {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id == exercise}


def _first_line(report) -> str:
    text = getattr(report, "longreprtext", "") or str(report.longrepr or "")
    lines = [ln.strip()[1:].strip() for ln in text.splitlines() if ln.strip().startswith("E ")]
    lines = [ln for ln in lines if ln]
    return (" ".join(lines[:3]) if lines else (text.strip().splitlines() or [""])[-1])[:300]


def run_checks(exercise: str, function: str | None, namespace: dict, folder: Path | None = None) -> CheckReport:
    """Run the public tests of ``exercise`` (only ``function``'s, if given)
    on the definitions in ``namespace``; nothing is printed."""
    import pytest

    report = CheckReport(exercise, function)
    tests = tests_folder(folder)
    test_file = tests / f"test_{exercise}.py" if tests else None
    if test_file is None or not test_file.is_file():
        return report
    functions = _tested_functions(exercise, test_file) | {
        k for k, v in namespace.items() if isinstance(v, types.FunctionType) and not k.startswith("_")}
    if function is not None:
        functions.add(function)
    # One folder for every check of this kernel: the public tests' conftest,
    # imported once, keeps the exercises folder it saw first.
    home = Path(tempfile.gettempdir()) / f"grader-notebook-{os.getpid()}"
    home.mkdir(exist_ok=True)
    _module_from(exercise, namespace, home)
    saved = os.environ.get("EXERCISES_DIR")
    os.environ["EXERCISES_DIR"] = str(home)
    collector = _Collector(function, functions)
    try:
        pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--no-header", "-o",
                         "console_output_style=classic", "--rootdir", str(tests), "-s", "--tb=short",
                     "-W", "ignore::DeprecationWarning", str(test_file)], plugins=[collector])
    finally:
        if saved is None:
            os.environ.pop("EXERCISES_DIR", None)
        else:
            os.environ["EXERCISES_DIR"] = saved
    report.outcomes = collector.outcomes
    return report


def describe(report: CheckReport) -> list[str]:
    """The lines shown under a test cell."""
    what = f"{report.function}" if report.function else report.exercise
    if not report.outcomes and report.function:
        return [f"- {what}: no public test is about it by name; the last cell of the notebook runs "
                "every public test (the hidden tests check it)"]
    if not report.outcomes:
        return [f"? {what}: no public tests found here (they are in the release's tests/ folder, or in "
                "the grader the first cell installs)"]
    missing = [o for o in report.outcomes if o.status == "not_implemented"]
    if missing and len(missing) == len(report.outcomes):
        said = missing[0].message if "not implemented" in missing[0].message else "not implemented yet"
        return [f"✘ {what}: {said}. Replace the `raise NotImplementedError` in its cell, run that cell, "
                "then this one."]
    passed = sum(o.status == "passed" for o in report.outcomes)
    counted = sum(o.status != "skipped" for o in report.outcomes)
    head = ("✔" if report.passed else "✘") + f" {what}: {passed}/{counted} public tests pass"
    lines = [head]
    for o in report.outcomes:
        if o.status == "failed":
            lines.append(f"  ✘ {o.name}: {o.message}")
        elif o.status == "not_implemented":
            lines.append(f"  ✘ {o.name}: {o.message} (not implemented yet)")
        elif o.status == "skipped":
            lines.append(f"  - {o.name} (skipped: {o.message})")
    if report.passed:
        lines.append("  The hidden tests check more: edge cases, shapes, numerical stability.")
    return lines


def check_function(exercise: str, function: str | None, namespace: dict) -> CheckReport:
    """What a test cell calls: run and print the friendly feedback."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        report = run_checks(exercise, function, namespace)
    print("\n".join(describe(report)))
    return report


def check_exercise(exercise: str, namespace: dict) -> CheckReport:
    """Every public test of the exercise (the notebook's last cell)."""
    return check_function(exercise, None, namespace)
