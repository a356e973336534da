"""Hidden test suites: how they are declared and how they are run.

A suite is a list of tests for one exercise.  Each test is a function that
runs in the trusted parent and gets ``s``, a proxy whose calls run the
student's module in the sandboxed child, and ``ref``, the reference module::

    suite = Suite("<exercise>")

    @suite.test("<function>: the notes' worked example", points=1, visibility="visible")
    def _(s, ref):
        expect_close(s.<function>(z=1.1), ref.<function>(1.1))

    @suite.property("<function>: rows sum to 1 for |z| up to 1e4", strategy=matrices(1e4), points=2)
    def _(s, ref, z):
        expect_close(s.<function>(z=z).sum(axis=-1), np.ones(len(z)))

Property tests draw their examples with hypothesis once per run (seeded, so a
regrade is identical) and replay them for every student; only for a student
who fails does hypothesis search again and shrink to the smallest failing
input, which the feedback then shows.
"""
from __future__ import annotations

import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from grader.sandbox.client import ModuleProxy, Student
from grader.sandbox.process import ChildFailure, StudentError
from grader.testing import prefetch, strategies
from grader.testing.cache import ExampleCache, MemoReference, ReferenceStore
from grader.testing.results import Failure, Feedback, TestResult, show, show_call

VISIBILITIES = ("visible", "hidden")
SHRINK_SECONDS = 20.0


@dataclass
class TestSpec:
    name: str
    fn: Callable
    points: float = 1.0
    visibility: str = "hidden"
    strategy: st.SearchStrategy | None = None
    max_examples: int = 30
    timeout: float | None = None
    one_call: bool | None = None  # None: the suite's default


class Suite:
    """The hidden tests of one exercise."""

    def __init__(self, exercise: str, timeout: float | None = None, one_call: bool = False):
        self.exercise = exercise
        self.timeout = timeout
        # The shape of its property tests: one call to the student per case,
        # then checks.  Their cases then go to the child in one round trip.
        self.one_call = one_call
        self.tests: list[TestSpec] = []
        self._cases: dict[str, list] = {}
        self._memo = None
        # the file that declares the suite: its code decides the drawn examples
        self.source = Path(sys._getframe(1).f_globals.get("__file__", __file__))
        self._example_cache = None

    def _add(self, spec: TestSpec):
        if not spec.name.split(":")[0].strip():
            raise ValueError(f"test name {spec.name!r} must start with the function it tests")
        if spec.visibility not in VISIBILITIES:
            raise ValueError(f"visibility of {spec.name!r} must be one of {VISIBILITIES}")
        if any(t.name == spec.name for t in self.tests):
            raise ValueError(f"duplicate test name {spec.name!r}")
        self.tests.append(spec)
        return spec.fn

    def test(self, name, points=1.0, visibility="hidden", timeout=None):
        """A test on fixed inputs: ``fn(s, ref)``."""
        return lambda fn: self._add(TestSpec(name, fn, points, visibility, timeout=timeout))

    def property(self, name, strategy, points=1.0, visibility="hidden", max_examples=30, timeout=None,
                 one_call=None):
        """A test over hypothesis-drawn inputs: ``fn(s, ref, case)``.
        ``one_call``: the body calls the student once per case, then checks
        (default: the suite's ``one_call``); False for dependent calls."""
        return lambda fn: self._add(TestSpec(name, fn, points, visibility, strategy, max_examples, timeout,
                                             one_call))

    def total_points(self) -> float:
        return sum(t.points for t in self.tests)

    def cases(self, spec: TestSpec) -> list:
        """The examples of a property test: drawn once, then read from the
        on-disk cache by every later run and worker.  ``max_examples`` in
        course.toml's [grading] (env GRADER_MAX_EXAMPLES) caps their number:
        fewer examples grade faster and shrinking still finds small inputs."""
        if spec.name not in self._cases:
            cap = int(os.environ.get("GRADER_MAX_EXAMPLES", "0") or 0)
            if cap > 0 and spec.max_examples > cap:
                self._cases[spec.name] = self._draw(spec)[:cap]
                return self._cases[spec.name]
            self._cases[spec.name] = self._draw(spec)
        return self._cases[spec.name]

    def _draw(self, spec: TestSpec) -> list:
        if self._example_cache is None:
            self._example_cache = ExampleCache([self.source, Path(strategies.__file__)])
        cached = self._example_cache.load(spec.name, spec.max_examples)
        if cached is None:
            cached = draw_examples(spec.strategy, spec.max_examples)
            self._example_cache.store(spec.name, spec.max_examples, cached)
        return cached

    def reference(self, module) -> MemoReference:
        """The reference module behind a memo that lives as long as the suite,
        filled from (and saved to) the on-disk answers of this suite version."""
        if self._memo is None or self._memo._module is not module:
            store = None
            if getattr(module, "__file__", None):
                # every module of the reference package: one may import another
                store = ReferenceStore([self.source, Path(strategies.__file__)],
                                       sorted(Path(module.__file__).parent.glob("*.py")), self.exercise)
            self._memo = MemoReference(module, store)
        return self._memo


def draw_examples(strategy, n: int) -> list:
    """``n`` examples of ``strategy``, the same on every run (derandomized)."""
    examples = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case):
        examples.append(case)

    collect()
    return examples


# ---------------------------------------------------------------- running

class _Abort(BaseException):
    """Stops hypothesis's shrinking when the child itself failed."""


def run_suite(suite: Suite, student: Student, reference, only_names=None,
              budget: float | None = None) -> list[TestResult]:
    """Every test of ``suite`` against the student's module; never raises.

    ``budget`` caps the wall time of the whole exercise: a submission that
    sleeps just under the per-call limit in every call would otherwise cost
    minutes; the tests left when it is spent are not run."""
    started = time.monotonic()
    process = student.process
    if budget is not None:  # a hard cap: each call's deadline stops at the budget's end
        process.budget_deadline, process.budget_seconds = started + budget, budget
    try:
        return _run_tests(suite, student, reference, only_names, budget, started)
    finally:
        process.budget_deadline = process.budget_seconds = None


def _run_tests(suite, student, reference, only_names, budget, started) -> list[TestResult]:
    # Visible tests first: nothing the child sees in a hidden test can then
    # reach a visible test's output or messages.
    specs = [t for t in suite.tests if not only_names or t.name in only_names]
    specs.sort(key=lambda t: t.visibility != "visible")
    if budget is not None and budget <= 0:
        return [_not_run(spec, budget) for spec in specs]
    proxy = student.module(suite.exercise, suite.timeout)
    reference = suite.reference(reference)
    hidden_only = all(t.visibility == "hidden" for t in specs)
    import_problem = _import(student, suite, public=hidden_only)
    output = student.process.take_output()[:4000] if import_problem else ""
    results = []
    for spec in specs:
        if import_problem is not None:
            status, reason = import_problem
            results.append(TestResult(spec.name, spec.points, status, spec.visibility, reason, reason,
                                      output=output if spec.visibility == "visible" else ""))
            output = ""
            continue
        if budget is not None and time.monotonic() - started >= budget:
            results.append(_not_run(spec, budget))
            continue
        results.append(run_test(spec, suite, proxy, reference))
    reference.save()
    order = {t.name: i for i, t in enumerate(suite.tests)}
    return sorted(results, key=lambda r: order[r.name])


def _not_run(spec: TestSpec, budget: float) -> TestResult:
    reason = f"not run: the {budget:g} s time budget of this exercise was used up"
    return TestResult(spec.name, spec.points, "timeout", spec.visibility, reason, reason)


def not_run(results: list[TestResult]) -> list[str]:
    """Names of the tests that were not run because the budget was spent."""
    return [t.name for t in results if t.status == "timeout" and t.feedback.startswith("not run: the ")]


def _import(student: Student, suite: Suite, public: bool = False):
    """None if the module imports, else (status, one-line reason).
    ``public``: the reason goes to hidden tests only, so it holds nothing the
    student's code chose (a restarted child may have read what it wrote
    during an earlier hidden test): the exception's type and place only."""
    try:
        student.import_module(suite.exercise, suite.timeout)
    except StudentError as e:
        if public:
            return "error", f"could not import {suite.exercise}.py: " + (
                f"{e.type} in {e.where}" if e.where else f"raised {e.type}")
        return "error", f"could not import {suite.exercise}.py: {e}"
    except ChildFailure as e:
        return e.status, f"importing {suite.exercise}.py: {public_reason(e) if public else e}"
    return None


def public_reason(failure: ChildFailure) -> str:
    """A child failure's reason without the child's last line of output."""
    return str(failure).split(" (last output: ", 1)[0]


def run_test(spec: TestSpec, suite: Suite, proxy: ModuleProxy, reference) -> TestResult:
    """One test's verdict.  Its output is what the child printed while it
    ran (what came before belongs to another test and is dropped); the
    student sees it for visible tests only, the instructor for all."""
    result = TestResult(spec.name, spec.points, "passed", spec.visibility)
    proxy.student.process.take_output()
    try:
        if spec.strategy is None:
            _guarded(spec.fn, proxy, reference)
        else:
            _run_property(spec, suite, proxy, reference)
    except Failure as f:
        # the verdict as data: its parts, and the texts built from them (results.py)
        result = TestResult.failed(spec.name, spec.points, spec.visibility, Feedback.of(f))
    except ChildFailure as e:
        result.status = e.status
        result.details = str(e)
        result.feedback = str(e) if spec.visibility == "visible" else public_reason(e)
    output = proxy.student.process.take_output()[:4000]
    if spec.visibility == "visible":
        result.output = output
    elif output:
        result.details += ("\n" if result.details else "") + "output (not shown to the student):\n" + output
    for name in ("feedback", "details", "output"):
        # student text may hold lone surrogates that SQLite and UTF-8 files refuse
        setattr(result, name, getattr(result, name).encode("utf-8", "replace").decode("utf-8"))
    return result


def _guarded(fn, proxy, reference, *case):
    """Run a test body; student exceptions and unusable results become Failures."""
    proxy.last_call = None
    try:
        fn(proxy, reference, *case)
    except Failure as f:
        raise f.with_call(proxy.last_call)
    except StudentError as e:
        if e.type == "NotImplementedError":
            raise Failure("not implemented", call=proxy.last_call,
                          hint="this function is not implemented yet") from None
        # A hidden test shows only the exception's type and place: its message
        # could echo the hidden input back to the student.
        raise Failure(f"raised {e}", call=proxy.last_call,
                      public=f"raised {e.type}" + (f" ({e.where})" if e.where else "")) from None
    except (ChildFailure, _Abort, prefetch.NotPrefetchable):
        raise
    except Exception as e:  # the returned value broke the check itself
        last = traceback.extract_tb(e.__traceback__)[-1]
        raise Failure(f"returned a value that could not be checked ({type(e).__name__}: {e})",
                      call=proxy.last_call,
                      hint=f"check the type and shape of what you return [{last.name}]") from None


# ---- execution path (throughput): one round trip per one-call property test

def _run_property(spec: TestSpec, suite: Suite, proxy, reference):
    """The cases in order; the first failure is shrunk.  A one-call test
    (``Suite(one_call=True)`` or ``property(one_call=True)``) sends all its
    cases' calls in one round trip first (grader/testing/prefetch.py)."""
    cases = suite.cases(spec)
    one_call = suite.one_call if spec.one_call is None else spec.one_call
    if one_call and hasattr(proxy.student, "call_each"):
        try:
            return _run_prefetched(spec, proxy, reference, cases)
        except prefetch.NotPrefetchable:
            pass
    for case in cases:
        try:
            _guarded(spec.fn, proxy, reference, case)
        except Failure as first:
            raise _shrink(spec, proxy, reference) or first


def _run_prefetched(spec: TestSpec, proxy, reference, cases: list):
    answered, failure, failed_at = prefetch.prefetch(spec.fn, reference, proxy, cases)
    for i, (case, (call, outcome)) in enumerate(zip(cases, answered)):
        if i == failed_at:
            prefetch.count_failure(proxy, call, failure)
            raise failure
        s = proxy if outcome is None else prefetch.Replay(proxy, call, outcome)
        try:
            _guarded(spec.fn, s, reference, case)
        except Failure as first:
            raise _shrink(spec, proxy, reference) or first

# ---- end of the execution path


def _shrink(spec: TestSpec, proxy, reference) -> Failure | None:
    """Search again with hypothesis, live, and return the smallest failure."""
    smallest: list[Failure] = []
    started = time.monotonic()

    @settings(max_examples=max(spec.max_examples, 50), derandomize=True, database=None,
              deadline=None, report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.generate, Phase.shrink])
    @given(spec.strategy)
    def search(case):
        if time.monotonic() - started > SHRINK_SECONDS:
            if smallest:
                raise smallest[-1]
            raise _Abort()
        try:
            _guarded(spec.fn, proxy, reference, case)
        except ChildFailure:
            raise _Abort() from None
        except Failure as f:
            smallest.append(f)
            raise

    try:
        search()
    except _Abort:
        return None
    except Exception:  # noqa: BLE001 - hypothesis re-raises the minimal failure
        pass
    return smallest[-1] if smallest else None
