"""``grader validate``: the instructor's check before a release.

Every check grades through the real path (:func:`grader.engine.grading.grade_submission`:
sandboxed child, hidden suite in the parent), in a pool of worker processes:

* ``solutions/`` scores full marks on every hidden test;
* the ``exercises/`` stubs score zero (a test an empty stub passes gives
  free points);
* every mutant of the corpus (``reference/mutants/<exercise>/*.mut``, each a
  patch that gives the current solution one known mistake, graded with the other solution files
  beside it, since one exercise's file may import another's) fails at least one hidden
  test (else: a **gap**), and the test its docstring names on its first
  line (``catches: <test name>``) is one of them (else: a gap too);
* every hidden test fails on at least one mutant (else: **weak**: nothing
  shows it can fail); weak tests fail the command unless ``--allow-weak``;
* the quiz bank loads, every question renders for the template and for a few
  students, and its answer key scores full marks on its own question (and a
  wrong answer does not).

Validation only needs verdicts, not feedback: hypothesis's search for the
smallest failing input is switched off in the pool's processes (the verdict
of a property test is decided by the first failing example either way).
"""
from __future__ import annotations

import ast
import importlib
import json
import math
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.authoring import mutants as mutant_files
from grader.course import bundle
from grader.course.config import CourseConfig
from grader.engine.grading import grade_submission
from grader.engine.workers import run_local
from grader.intake.submissions import Submission
from grader.sandbox import isolation
from grader.testing import suite

@dataclass
class Job:
    kind: str          # solution, stub, mutant
    exercise: str
    label: str         # how reports name it, e.g. mutants/<exercise>/<mistake>.mut
    files: dict[str, bytes]
    catches: str | None = None


@dataclass
class Verdicts:
    job: Job
    tests: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (status, first line of feedback)
    error: str = ""
    seconds: float = 0.0

    @property
    def failing(self) -> list[str]:
        return [n for n, (status, _) in self.tests.items() if status != "passed"]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def failed(self, allow_weak: bool) -> bool:
        return bool(self.problems or self.gaps or (self.weak and not allow_weak))


# ---------------------------------------------------------------- jobs

def mutant_catches(source: str) -> str | None:
    """The test a mutant's docstring names on its first line (``catches: NAME``)."""
    try:
        doc = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        m = re.match(r'\s*(?:"""|\'\'\')\s*catches:\s*(.+)', source)
        return m.group(1).strip() if m else None
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    return first[len("catches:"):].strip() if first.startswith("catches:") else None


def _py_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.py")) if p.is_file() and p.name != "__init__.py"}


def make_jobs(solutions: Path, stubs: Path, mutants: Path, exercises: list[str],
              slow: frozenset[str] = frozenset()) -> tuple[list[Job], list[str]]:
    """Solutions and stubs per exercise (all files beside), then every mutant
    (a patch applied to the current solution, see grader/authoring/mutants.py) with the
    solution files beside it.  The ``slow`` exercises first: they take longest.  Also returns
    the mutants whose patch no longer applies."""
    sol_files, stub_files = _py_files(solutions), _py_files(stubs)
    jobs, stale = [], []
    for ex in exercises:
        if f"{ex}.py" in sol_files:
            jobs.append(Job("solution", ex, f"{solutions.name}/{ex}.py", sol_files))
        if f"{ex}.py" in stub_files:
            jobs.append(Job("stub", ex, f"{stubs.name}/{ex}.py", stub_files))
        for path in mutant_files.files(mutants / ex):
            try:
                source = mutant_files.source(path, solutions)
            except (mutant_files.MutantError, OSError) as e:
                stale.append(f"mutants/{ex}/{path.name} no longer applies to {solutions.name}/{ex}.py: {e}")
                continue
            files = dict(sol_files)
            files[f"{ex}.py"] = source.encode("utf-8")
            jobs.append(Job("mutant", ex, f"mutants/{ex}/{path.name}", files, mutant_catches(source)))
    jobs.sort(key=lambda j: j.exercise not in slow)  # stable: slow jobs first, the rest in order
    return jobs, stale


# ---------------------------------------------------------------- grading

def _verdicts_only():
    """Worker setup: validation needs verdicts, not the smallest failing input."""
    suite.SHRINK_SECONDS = 0.0


def _grade_job(job: Job, config: CourseConfig, iso, *, slot: int) -> Verdicts:
    started = time.monotonic()
    sub = Submission(student="validate", source=Path(job.label), files=dict(job.files))
    verdicts = Verdicts(job)
    try:
        result = grade_submission(sub, config, [job.exercise], slot, iso)
    except Exception as e:  # noqa: BLE001 - reported as a problem of this job
        verdicts.error = f"{type(e).__name__}: {e}"
    else:
        for ex in result.exercises:
            for t in ex.tests:
                verdicts.tests[t.name] = (t.status, (t.details or t.feedback or "").strip().split("\n")[0][:300])
    verdicts.seconds = time.monotonic() - started
    return verdicts


def run_jobs(jobs: list[Job], config: CourseConfig, workers: int, echo=print, progress=None) -> list[Verdicts]:
    """Every job graded in the local pool (:mod:`grader.engine.workers`), each worker with its own sandbox slot."""
    iso = isolation.probe()
    out: list[Verdicts] = []

    def record(args, verdicts: Verdicts):
        verdicts.job = args[0]  # the original, not the copy that travelled to the worker
        out.append(verdicts)
        if progress:
            progress(verdicts)

    def failed(args, e):  # e.g. a worker killed by the OS
        record(args, Verdicts(args[0], error=f"the validator's worker failed ({type(e).__name__}: {e})"))

    left = run_local(_grade_job, [(job, config, iso) for job in jobs], workers, done=record,
                     on_error=failed, setup=_verdicts_only)
    for args in left:
        failed(args, RuntimeError("the worker pool broke"))
    order = {id(j): i for i, j in enumerate(jobs)}
    out.sort(key=lambda v: order[id(v.job)])
    return out


# ---------------------------------------------------------------- analysis

def analyse(results: list[Verdicts], suites: dict[str, list[str]]) -> Report:
    """``suites``: exercise -> its hidden test names, in order."""
    report = Report()
    caught: dict[str, dict[str, list[str]]] = {ex: {name: [] for name in names} for ex, names in suites.items()}
    n = {"solution": 0, "stub": 0, "mutant": 0}
    for v in results:
        job = v.job
        n[job.kind] += 1
        if v.error:
            report.problems.append(f"{job.label}: could not be graded ({v.error})")
            continue
        expected = suites.get(job.exercise, [])
        missing = [name for name in expected if name not in v.tests]
        if missing:
            report.problems.append(f"{job.label}: {len(missing)} hidden tests gave no verdict")
        if job.kind == "solution":
            for name, (status, why) in v.tests.items():
                if status != "passed":
                    report.problems.append(f"{job.label} fails hidden test {name!r} ({status}: {why})")
        elif job.kind == "stub":
            for name, (status, _) in v.tests.items():
                if status == "passed":
                    report.problems.append(f"{job.label}: the stub passes hidden test {name!r} (free points)")
        else:
            failing = v.failing
            for name in failing:
                if name in caught.get(job.exercise, {}):
                    caught[job.exercise][name].append(job.label)
            if not failing:
                report.gaps.append(f"{job.label}: no hidden test fails on this mutant")
            if job.catches is None:
                report.notes.append(f"{job.label}: its docstring names no test (first line 'catches: <test name>')")
            elif job.catches not in v.tests:
                report.gaps.append(f"{job.label}: names {job.catches!r}, which is not a hidden test of {job.exercise}")
            elif job.catches not in failing:
                report.gaps.append(f"{job.label}: the test it names, {job.catches!r}, does not fail on it")
    mutated = {v.job.exercise for v in results if v.job.kind == "mutant"}
    for ex, tests in caught.items():
        for name, by in tests.items():
            if not by:
                why = "" if ex in mutated else " (no mutants for this exercise)"
                report.weak.append(f"{ex}: {name!r} fails on no mutant{why}")
    report.counts = {"solutions": n["solution"], "stubs": n["stub"], "mutants": n["mutant"],
                     "tests": sum(len(t) for t in suites.values()), "weak": len(report.weak),
                     "gaps": len(report.gaps), "problems": len(report.problems)}
    return report


# ---------------------------------------------------------------- quiz

STUDENTS = ("validate-a", "validate-b", "validate-c")
_LEFTOVER = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})")


def _correct_answer(variant):
    key = variant.key()
    if variant.type == "multiple_choice":
        return [c["id"] for c in key["choices"] if c["correct"]]
    if variant.type == "true_false":
        return "true" if key["answer"] in (True, "true", "True") else "false"
    if variant.type == "single_choice":
        return key["answer"]
    return repr(float(key["answer"]))


def _wrong_answer(variant):
    key = variant.key()
    if variant.type in ("single_choice", "true_false"):
        right = str(_correct_answer(variant))
        ids = [c["id"] for c in key["choices"]] or ["true", "false"]
        wrong = [i for i in ids if i != right]
        return wrong[0] if wrong else None
    if variant.type == "multiple_choice":
        wrong = [c["id"] for c in key["choices"] if not c["correct"]]
        return wrong[:1] or None
    answer, tol = float(key["answer"]), float(key.get("tolerance") or 0.0)
    return repr(answer + 10 * tol + max(1.0, abs(answer)))


def validate_quiz() -> tuple[list[str], list[str], int]:
    """(problems, notes, number of questions checked)."""
    try:
        quiz = importlib.import_module("grader.quiz")
        load_bank, grade_answer = quiz.load_bank, quiz.grade_answer
    except Exception as e:  # noqa: BLE001 - the quiz package is optional here
        return [], [f"quiz bank not found: grader.quiz is not available ({type(e).__name__}: {e}); quiz not checked"], 0
    try:
        path = quiz.default_bank_path()
    except Exception as e:  # noqa: BLE001 - no bundle, no bank
        return [], [f"quiz bank not found ({e}); quiz not checked"], 0
    if not Path(path).exists():
        return [], [f"quiz bank not found at {path}; quiz not checked"], 0
    try:
        bank = load_bank()
    except Exception as e:  # noqa: BLE001 - BankError lists every problem
        return [f"quiz bank: {e}"], [], 0
    problems: list[str] = []
    for q in bank.questions:
        try:
            variants = [bank.variant_for(None, q.id)] + [bank.variant_for(s, q.id) for s in STUDENTS]
        except Exception as e:  # noqa: BLE001
            problems.append(f"quiz {q.id}: does not render ({type(e).__name__}: {e})")
            continue
        for v in variants:
            who = v.student or "template"
            try:
                if not isinstance(v.prompt, str) or not v.prompt.strip():
                    problems.append(f"quiz {q.id} ({who}): empty prompt")
                elif _LEFTOVER.search(v.prompt):
                    problems.append(f"quiz {q.id} ({who}): unfilled placeholder {_LEFTOVER.search(v.prompt).group(0)}")
                public = v.to_public()
                json.dumps(public)
                if "answer" in public or "key" in public:
                    problems.append(f"quiz {q.id} ({who}): the public view carries the answer")
                if v.type in ("numeric", "parameterised") and not math.isfinite(float(v.key()["answer"])):
                    problems.append(f"quiz {q.id} ({who}): the answer is not a finite number")
                    continue
                verdict = grade_answer(v, _correct_answer(v))
                if not verdict.correct or abs(verdict.score - verdict.max_score) > 1e-9:
                    problems.append(f"quiz {q.id} ({who}): its answer key scores {verdict.score:g}/"
                                    f"{verdict.max_score:g} ({verdict.feedback})")
                wrong = _wrong_answer(v)
                if wrong is not None:
                    verdict = grade_answer(v, wrong)
                    if verdict.correct:
                        problems.append(f"quiz {q.id} ({who}): the wrong answer {wrong!r} is graded correct")
            except Exception as e:  # noqa: BLE001
                problems.append(f"quiz {q.id} ({who}): {type(e).__name__}: {e}")
    try:
        for fmt in ("json", "gift", "moodle-xml"):
            if not quiz.export_text(bank, fmt).strip():
                problems.append(f"quiz bank: the {fmt} export is empty")
    except Exception as e:  # noqa: BLE001
        problems.append(f"quiz bank: export failed ({type(e).__name__}: {e})")
    problems += _named_quiz_problems(bank)
    return problems, [], len(bank.questions)


def _named_quiz_problems(bank) -> list[str]:
    """quizzes.toml beside the bank parses and every quiz draws its questions."""
    from grader.quiz.quizzes import QuizDefinitionError, load_quizzes
    try:
        quizzes = load_quizzes(bank)
    except QuizDefinitionError as e:
        return [f"quiz definitions: {e}"]
    problems = []
    for quiz in quizzes.values():
        for student in STUDENTS:
            drawn = quiz.draw(bank, student)
            if len(drawn) != quiz.question_count:
                problems.append(f"quiz {quiz.id}: {student} drew {len(drawn)} questions, "
                                f"not {quiz.question_count}")
    return problems


# ---------------------------------------------------------------- the command

def hidden_suites(exercises: list[str]) -> dict[str, list[str]]:
    bundle.ensure_importable()
    from reference.hidden import load_suite  # importable only once the bundle is on sys.path
    return {ex: [t.name for t in load_suite(ex).tests] for ex in exercises}


def validate(config: CourseConfig, *, solutions: Path, stubs: Path, mutants: Path, exercises: list[str],
             workers: int, quiz_check: bool = True, echo=print) -> Report:
    suites = hidden_suites(exercises)
    jobs, stale = make_jobs(solutions, stubs, mutants, exercises,
                            frozenset(e for e in exercises if config.slow(e)))
    kinds = {k: sum(j.kind == k for j in jobs) for k in ("solution", "stub", "mutant")}
    echo(f"validate: grading {kinds['solution']} solutions, {kinds['stub']} stubs and {kinds['mutant']} mutants "
         f"of {', '.join(exercises)} with {workers} workers")
    echo(isolation.probe().describe())
    done = [0]

    def progress(v: Verdicts):
        done[0] += 1
        state = "error" if v.error else f"{len(v.failing)}/{len(v.tests)} tests fail"
        echo(f"  [{done[0]:>3}/{len(jobs)}] {v.job.label}: {state} ({v.seconds:.1f} s)")

    results = run_jobs(jobs, config, workers, echo, progress)
    report = analyse(results, suites)
    report.gaps.extend(stale)
    for ex in exercises:
        if not any(j.kind == "solution" and j.exercise == ex for j in jobs):
            report.problems.append(f"no {solutions.name}/{ex}.py to validate")
        if not any(j.kind == "stub" and j.exercise == ex for j in jobs):
            report.problems.append(f"no {stubs.name}/{ex}.py to validate")
    if quiz_check:
        problems, notes, count = validate_quiz()
        report.problems += problems
        report.notes += notes
        report.counts["quiz_questions"] = count
    return report


def report_lines(report: Report, allow_weak: bool) -> list[str]:
    c = report.counts
    lines = [f"solutions: {c.get('solutions', 0)} graded; stubs: {c.get('stubs', 0)} graded; "
             f"mutants: {c.get('mutants', 0)} graded against {c.get('tests', 0)} hidden tests"]
    if "quiz_questions" in c and c["quiz_questions"]:
        lines.append(f"quiz: {c['quiz_questions']} questions checked")
    lines += [f"PROBLEM {p}" for p in report.problems]
    lines += [f"GAP {g}" for g in report.gaps]
    lines += [f"{'WARNING' if allow_weak else 'WEAK'} {w}" for w in report.weak]
    lines += [f"note: {n}" for n in report.notes]
    summary = (f"{len(report.problems)} problems, {len(report.gaps)} gaps, {len(report.weak)} weak tests"
               + (" (allowed: --allow-weak)" if allow_weak and report.weak else ""))
    lines.append(f"validate: {'FAILED' if report.failed(allow_weak) else 'OK'}: {summary}")
    return lines


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False), encoding="utf-8")


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
