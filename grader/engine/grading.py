"""Grading one submission: sandbox its files, run each exercise's hidden
suite against them, and score the verdicts.

Everything here runs in the trusted parent.  The student's code runs only in
the ``StudentProcess`` children, one working folder per submission, so
nothing of one student is ever visible to another.
"""
from __future__ import annotations

import importlib
import re
import shutil
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from grader.course import bundle
from grader.course import late
from grader.course.config import CourseConfig
from grader.sandbox import isolation
from grader.sandbox.client import Student
from grader.sandbox.process import ChildFailure, StudentProcess
from grader.intake.submissions import Submission, materialize
from grader.testing.results import Feedback, TestResult
from grader.testing.suite import not_run, run_suite


@dataclass
class ExerciseResult:
    name: str
    score: float
    max_score: float
    tests: list[TestResult]


@dataclass
class StudentResult:
    student: str
    sha256: str
    score: float
    max_score: float
    raw_score: float
    submitted_at: str | None
    time_source: str
    late_penalty: float
    late_note: str
    exercises: list[ExerciseResult]
    problems: list[str] = field(default_factory=list)
    late_percent: float = 0.0
    graded_at: str = ""
    seconds: float = 0.0
    # exercise -> what was graded from a notebook (grader.intake.notebooks.Extraction as JSON):
    # the instructor sees exactly which code was graded
    extracted: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The fixed result.json layout (architecture.md), plus notes; each
        test's ``parts`` are the pieces of its ``feedback`` that the student
        may see (message, input, expected, got, hint), for the reports."""
        return {
            "student": self.student, "score": self.score, "max_score": self.max_score,
            "submitted_at": self.submitted_at, "late_penalty": self.late_penalty,
            "late_note": self.late_note, "raw_score": self.raw_score,
            "graded_at": self.graded_at, "sha256": self.sha256, "problems": self.problems,
            "exercises": [{
                "name": ex.name, "score": ex.score, "max_score": ex.max_score,
                "tests": [{"name": t.name, "score": t.score, "max_score": t.max_score,
                           "status": t.status, "visibility": t.visibility,
                           "feedback": t.student_feedback(), "parts": t.student_parts(),
                           **({"output": t.output} if t.output else {})}
                          for t in ex.tests]} for ex in self.exercises]}

    @classmethod
    def from_record(cls, data: dict, details: dict | None = None) -> "StudentResult":
        exercises = [ExerciseResult(ex["name"], ex["score"], ex["max_score"],
                                    [TestResult.from_dict(t) for t in ex["tests"]])
                     for ex in data["exercises"]]
        keep = {k: data[k] for k in ("student", "sha256", "score", "max_score", "raw_score",
                                     "submitted_at", "time_source", "late_penalty", "late_note",
                                     "problems", "late_percent", "graded_at", "seconds", "extracted") if k in data}
        return cls(exercises=exercises, **keep)

    def to_record(self) -> dict:
        """Everything, instructor-only details included (for the gradebook)."""
        return asdict(self)


# ---------------------------------------------------------------- suites

_SUITES: dict = {}


def suite_and_reference(exercise: str):
    """The hidden suite and reference module of an exercise, loaded once."""
    if exercise not in _SUITES:
        bundle.ensure_importable()
        from reference.hidden import load_suite
        _SUITES[exercise] = (load_suite(exercise), importlib.import_module(f"reference.{exercise}"))
    return _SUITES[exercise]


# ---------------------------------------------------------------- grading

def grade_submission(sub: Submission, config: CourseConfig, exercises=None, slot: int = 0,
                     iso: isolation.Isolation | None = None, prepared: "Prepared | None" = None) -> StudentResult:
    """Grade every exercise of one submission; never raises for bad student code.

    The visible tests of every exercise run before any hidden test: the
    numpy exercises share one child, and a student who kept what it saw in a
    hidden test could otherwise print it during a later visible test, whose
    output the student is shown.  ``prepared``: this submission's folder and
    children, started ahead by ``prepare`` while the previous submission was graded."""
    started = time.monotonic()
    # every entry point checks this first; here too for those that forget
    # (e.g. a Dask worker on another machine)
    iso = isolation.require_sandbox(iso or isolation.probe())
    exercises = list(exercises or config.exercises)
    if prepared is None or prepared.sub is not sub:
        if prepared is not None:
            prepared.discard()
        prepared = Prepared(sub, Path(tempfile.mkdtemp(prefix="grader-sub-")), {})
        try:
            materialize(sub, prepared.workdir)
        except BaseException:
            prepared.discard()
            raise
    workdir, processes = prepared.workdir, prepared.processes
    students: dict[str, Student] = {}  # one proxy per exercise across both phases
    spent = {name: 0.0 for name in exercises}
    verdicts: dict[str, dict[str, TestResult]] = {name: {} for name in exercises}
    try:
        prestart(sub, exercises, config, workdir, processes, slot, iso)
        for visibility in ("visible", "hidden"):
            for name in exercises:
                phase_started = time.monotonic()
                for t in grade_exercise(sub, name, config, workdir, processes, students, slot, iso,
                                        visibility, spent[name]):
                    verdicts[name][t.name] = t
                spent[name] += time.monotonic() - phase_started
    finally:
        prepared.discard()
    results = [scale(name, [verdicts[name][t.name] for t in suite_and_reference(name)[0].tests],
                     config.points.get(name, 0.0)) for name in exercises]
    return score(sub, config, results, time.monotonic() - started)


@dataclass
class Prepared:
    """A submission's working folder and the children already started on it."""

    sub: Submission
    workdir: Path
    processes: dict

    def discard(self) -> None:
        for proc in self.processes.values():
            proc.close()
        self.processes.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


def safe_grade(sub: Submission, config: CourseConfig, exercises, slot: int,
               iso: isolation.Isolation, prepared: "Prepared | None" = None) -> StudentResult:
    """Grade one submission; a failure of the grader itself becomes an error
    verdict for this student only (what every runner calls: local pool, Dask, CI)."""
    try:
        return grade_submission(sub, config, exercises, slot, iso, prepared)
    except Exception as e:  # noqa: BLE001 - one student's problem must not stop the class
        reason = f"the grader failed on this submission ({type(e).__name__}: {e})"
        sub.problems.append(reason + "; please tell your instructor")
        traceback.print_exc()
        return score(sub, config, [scale(name, [], config.points.get(name, 0.0)) for name in exercises], 0.0)


def grade_one(sub: Submission, config: CourseConfig, exercises, echo=print) -> tuple[StudentResult, str]:
    """One submission on its own (``grader ci``, Gradescope): probe the
    sandbox, say which layers are active, grade.  Returns the result and that
    description."""
    iso = isolation.require_sandbox(isolation.probe())  # SandboxRefused: nothing ran
    echo(iso.describe())
    return safe_grade(sub, config, list(exercises), 0, iso), iso.describe()


def prestart(sub, exercises, config, workdir, processes, slot, iso) -> None:
    """Start, right away, the children whose limits preload modules (the Keras
    one imports TensorFlow for seconds): they get ready while the other
    exercises are graded.  Each still serves this one submission only."""
    for name in exercises:
        limits = config.limits_for(name)
        if limits.preload and sub.exercise_file(name) and limits not in processes:
            proc = StudentProcess(str(workdir), iso, limits, slot + 1000)
            try:
                proc.start()
            except ChildFailure:
                continue  # the first test will start it again and report why
            processes[limits] = proc


def prepare(sub: Submission, config: CourseConfig, exercises, slot: int,
            iso: isolation.Isolation) -> Prepared | None:
    """Materialize ``sub`` and start its children now (not those that preload
    a heavy library: ``prestart`` starts those when the submission is graded),
    so that their start (Python, numpy) overlaps with grading the submission
    before it.  Each child serves this submission only, in its own folder
    and under its own user id (``claim_uid`` gives the next free one).
    None if anything fails: the submission is then prepared as usual."""
    prepared = Prepared(sub, Path(tempfile.mkdtemp(prefix="grader-sub-")), {})
    try:
        materialize(sub, prepared.workdir)
        for name in exercises:
            limits = config.limits_for(name)
            if sub.exercise_file(name) and not limits.preload and limits not in prepared.processes:
                proc = StudentProcess(str(prepared.workdir), iso, limits, slot)
                proc.start()
                prepared.processes[limits] = proc
    except Exception:  # noqa: BLE001 - e.g. the sandbox could not start: grading will say why
        prepared.discard()
        return None
    return prepared


def grade_exercise(sub, name, config, workdir, processes, students, slot, iso, visibility: str,
                   spent: float = 0.0) -> list[TestResult]:
    """The verdicts of the tests of one exercise that have ``visibility``;
    ``spent``: seconds of the exercise's budget used by its earlier phase."""
    suite, reference = suite_and_reference(name)
    names = {t.name for t in suite.tests if t.visibility == visibility}
    if not names:
        return []
    if sub.exercise_file(name) is None:
        return [TestResult(t.name, t.points, "not_submitted", t.visibility, "not submitted",
                           "not submitted") for t in suite.tests if t.name in names]
    limits = config.limits_for(name)
    # Exercises with the same limits share one child: it serves this
    # submission only, and a crash restarts it for the next test anyway.
    if limits not in processes:
        processes[limits] = StudentProcess(str(workdir), iso, limits, slot)
    timeout = suite.timeout or limits.call_seconds
    # one Student per exercise across both phases: its count of timeouts per
    # function (a hung function is skipped after two) carries over
    if name not in students:
        students[name] = Student(processes[limits], timeout)
    tests = run_suite(suite, students[name], reference, only_names=names,
                      budget=max(limits.exercise_seconds - spent, 0.0))
    if name in sub.extractions:
        name_cells(tests, sub.extractions[name])
    return tests


def name_cells(tests: list[TestResult], extraction) -> None:
    """A failing test's feedback says which notebook cell holds the function
    it tests (test names start with or mention the function's name): the
    ``where`` part of its failure, as data, so reports render it in place."""
    for t in tests:
        if t.status == "passed":
            continue
        words = set(re.findall(r"\w+", t.name))
        cells = [f"{fn} is in cell {cell} of {extraction.source}"
                 for fn, cell in extraction.functions.items() if fn in words]
        cells += [f"{fn} was not graded: cell {cell} of {extraction.source} does not parse"
                  for fn, cell in extraction.unparsed.items() if fn in words and fn not in extraction.functions]
        if not cells:
            continue
        if t.failure is None:  # an error or timeout: one sentence, no parts yet
            t.failure = Feedback(message=t.feedback, public=t.feedback)
        t.failure.where = "; ".join(cells)
        t.feedback = t.student_feedback()


def scale(name: str, tests: list[TestResult], points: float) -> ExerciseResult:
    """Test weights become points that add up to the exercise's points.
    The exercise score is computed from the weights, not by adding rounded
    test scores, so full marks are exactly ``points``."""
    total = sum(t.weight for t in tests) or 1.0
    for t in tests:
        t.max_score = round(points * t.weight / total, 4)
        t.score = t.max_score if t.status == "passed" else 0.0
    earned = sum(t.weight for t in tests if t.status == "passed")
    return ExerciseResult(name, round(points * earned / total, 4), float(points), tests)


def score(sub: Submission, config: CourseConfig, exercises: list[ExerciseResult],
          seconds: float) -> StudentResult:
    raw = round(sum(ex.score for ex in exercises), 4)
    max_score = round(sum(ex.max_score for ex in exercises), 4)
    percent, note = late.penalty(sub.student, sub.submitted_at, config.late)
    deducted = round(raw * percent / 100.0, 4)
    return StudentResult(
        student=sub.student, sha256=sub.sha256, score=round(max(raw - deducted, 0.0), 4),
        max_score=max_score, raw_score=raw,
        submitted_at=sub.submitted_at.isoformat() if sub.submitted_at else None,
        time_source=sub.time_source, late_penalty=deducted, late_note=note,
        exercises=exercises, problems=list(sub.problems) + budget_notes(exercises), late_percent=percent,
        extracted={name: e.to_json() for name, e in sub.extractions.items()},
        graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        seconds=round(seconds, 3))


def budget_notes(exercises: list[ExerciseResult]) -> list[str]:
    """One line per exercise whose time budget ran out, naming the tests
    that were not run (they score 0 and say so in their feedback)."""
    notes = []
    for ex in exercises:
        skipped = not_run(ex.tests)
        if skipped:
            notes.append(f"{ex.name}: time budget used up; not run: " + "; ".join(skipped))
    return notes


def merge_previous(result: StudentResult, previous: dict | None, config: CourseConfig) -> StudentResult:
    """After ``--only``, keep the other exercises' verdicts from the previous
    grading of the same files, so a partial regrade never loses results."""
    if previous is None:
        return result
    graded = {ex.name for ex in result.exercises}
    old = StudentResult.from_record(previous)
    kept = {ex.name: ex for ex in old.exercises if ex.name not in graded}
    fresh = {ex.name: ex for ex in result.exercises}
    order = [name for name in config.exercises if name in kept or name in fresh]
    result.exercises = [fresh.get(name) or kept[name] for name in order]
    result.raw_score = round(sum(ex.score for ex in result.exercises), 4)
    result.max_score = round(sum(ex.max_score for ex in result.exercises), 4)
    result.late_penalty = round(result.raw_score * result.late_percent / 100.0, 4)
    result.score = round(max(result.raw_score - result.late_penalty, 0.0), 4)
    return result
