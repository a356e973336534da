"""The hidden suites run IN THE GRADER'S OWN PROCESS: what the tests
themselves cost, without the sandbox.  UNSAFE (student code runs with the
grader's rights): for measurement only, never for grading.

    python bench/inprocess.py FOLDER [--repeats 5] [--profile DIR]

For one submission folder it grades the five numpy exercises both ways in
this one process, alternating (sandboxed with ``grade_submission``, then
in-process with the same suites and reference memo), and prints the medians
as JSON.  ``--profile DIR`` also writes a pyinstrument profile of each side.

The in-process "student" mimics the child exactly where a test can tell:
arguments are converted like the child converts them (``Rng``, ``Fn``),
exceptions become ``StudentError``s with the child's wording, returned
generators are drained, arguments changed in place are reported and warnings
are printed where ``expect_no_warning`` looks for them.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.course import config as course_config  # noqa: E402
from grader.engine import grading  # noqa: E402
from grader.intake.submissions import discover  # noqa: E402
from grader.sandbox import fnlib, wire  # noqa: E402
from grader.sandbox.process import StudentError  # noqa: E402
from grader.testing.suite import run_suite  # noqa: E402

NUMPY = ["neuron", "perceptron", "mlp", "optimizers", "dropout"]


def _child_helpers(workdir: str):
    """child_main's describe/snapshot/same/drain, so errors read the same."""
    spec = importlib.util.spec_from_file_location(
        "_bench_child_main", ROOT / "grader" / "sandbox" / "child_main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.WORKDIR = workdir
    return module


def _convert(v):
    """What the child's decoder makes of a value: Rng and Fn are built; data
    is copied (the child gets its own copy of every argument)."""
    if isinstance(v, wire.Rng):
        return v.make()
    if isinstance(v, wire.Fn):
        return fnlib.build(v.name, v.params)
    if isinstance(v, list):
        return [_convert(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_convert(x) for x in v)
    if isinstance(v, dict):
        return {k: _convert(x) for k, x in v.items()}
    if hasattr(v, "copy") and hasattr(v, "dtype"):
        return v.copy()
    return v


class _Output:
    """Stands for the child's output pipe: warnings land here as text."""

    def __init__(self):
        self.text = ""

    def take_output(self):
        out, self.text = self.text, ""
        return out


class InProcessStudent:
    """Duck-types ``grader.sandbox.client.Student`` for ``run_suite``."""

    def __init__(self, folder: str):
        self.folder = folder
        self.process = _Output()
        self.child = _child_helpers(folder)
        self.last_call = None
        self.last_warnings: list[str] = []
        self.modules: dict = {}

    def import_module(self, name, timeout=None):
        try:
            if name not in self.modules:
                if self.folder not in sys.path:
                    sys.path.insert(0, self.folder)
                self.modules[name] = importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - as the child reports it
            raise StudentError(self.child.describe(exc, name)) from None

    def module(self, name, timeout=None):
        return InProcessModule(self, name)

    def call(self, module, func, args, kwargs):
        self.last_call = (func, {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs})
        self.import_module(module)
        fn = getattr(self.modules[module], func, None)
        args, kwargs = _convert(list(args)), _convert(dict(kwargs))
        before = self.child.snapshot((args, kwargs))
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if not callable(fn):
                    raise AttributeError(f"{module}.py has no function {func}")
                result = self.child.drain(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001
            raise StudentError(self.child.describe(exc, module)) from None
        self.last_warnings = [f"{w.category.__name__}: {w.message}" for w in caught[:20]]
        self.process.text += "".join(f"{w.category.__name__}: {w.message}\n" for w in caught[:20])
        mutated = [i for i, (a, b) in enumerate(zip(before[0], args)) if not self.child.same(a, b)]
        mutated += [k for k in kwargs if not self.child.same(before[1][k], kwargs[k])]
        return result, mutated


class InProcessModule:
    def __init__(self, student: InProcessStudent, name: str):
        self.student = student
        self._name = name
        self._timeout = None
        self.last_mutated: list = []

    @property
    def last_call(self):
        return self.student.last_call

    @last_call.setter
    def last_call(self, value):
        self.student.last_call = value

    @property
    def last_warnings(self):
        return self.student.last_warnings

    def __getattr__(self, func):
        if func.startswith("_"):
            raise AttributeError(func)

        def local(*args, timeout=None, **kwargs):
            value, self.last_mutated = self.student.call(self._name, func, args, kwargs)
            return value
        return local


def grade_in_process(folder: str, exercises=NUMPY) -> list:
    """Every test result of the numpy exercises, student code imported here."""
    student = InProcessStudent(folder)
    results = []
    for name in exercises:
        suite, reference = grading.suite_and_reference(name)
        results += run_suite(suite, student, reference)
    for name in exercises:  # the next run imports afresh, as a new child would
        sys.modules.pop(name, None)
    if folder in sys.path:
        sys.path.remove(folder)
    return results


def grade_sandboxed(sub, config):
    return grading.grade_submission(sub, config, NUMPY)


def verdicts(results) -> list:
    return [(t.name, t.status, t.feedback) for t in results]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", help="a folder with one submission's numpy exercises")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--profile", type=Path, help="write pyinstrument profiles (text) into this folder")
    args = ap.parse_args()
    folder = str(Path(args.folder).resolve())
    config = course_config.load(ROOT / "course.toml")
    sub = next(s for s in discover(Path(folder).parent, exercises=config.exercises)
               if s.student == Path(folder).name)
    # warm-up: draws or loads examples, fills the reference memo, imports
    sandboxed = [t for ex in grade_sandboxed(sub, config).exercises for t in ex.tests]
    local = grade_in_process(folder)
    same = verdicts(sandboxed) == verdicts(local)
    times = {"sandboxed": [], "in-process": []}
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        grade_sandboxed(sub, config)
        times["sandboxed"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        grade_in_process(folder)
        times["in-process"].append(time.perf_counter() - t0)
    out = {k: statistics.median(v) for k, v in times.items()}
    out["same_verdicts"] = same
    if args.profile:
        profile(sub, config, folder, args.profile)
    print(json.dumps(out))


def profile(sub, config, folder, out: Path):
    from pyinstrument import Profiler
    out.mkdir(parents=True, exist_ok=True)
    for name, run in (("sandboxed", lambda: grade_sandboxed(sub, config)),
                      ("in-process", lambda: grade_in_process(folder))):
        p = Profiler(interval=0.0005)
        p.start()
        for _ in range(3):
            run()
        p.stop()
        (out / f"{name}.txt").write_text(p.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
