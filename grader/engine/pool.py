"""Grading a whole class: discover, skip what is already graded, grade the
rest in a pool of worker processes, and record each result the moment it
arrives (one SQLite transaction each), so a killed run loses nothing.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from grader import reports
from grader.course.config import CourseConfig
from grader.engine import grading
from grader.engine.cluster import grade_on_cluster
from grader.engine.grading import safe_grade
from grader.engine.workers import run_local
from grader.intake.submissions import discover
from grader.quiz.scores import QuizResults
from grader.review import overrides as review
from grader.sandbox import isolation
from grader.intake import student_ids
from grader.store.gradebook import Gradebook

STUDENT_FILES = ("result.json", "report.html", "report.md", "gradescope.json", "junit.xml")


@dataclass
class BatchSummary:
    found: int = 0
    graded: int = 0
    skipped: int = 0
    records: list[dict] = field(default_factory=list)
    sandbox: str = ""
    refused: list[str] = field(default_factory=list)  # ids that cannot be graded, and why


def grade_class(root: Path, out: Path, config: CourseConfig, *, jobs: int = 1, only=None,
                force: bool = False, progress: bool = True, echo=print,
                scheduler: str | None = None) -> BatchSummary:
    """Grade every submission under ``root`` that is new or changed (all with
    ``force``) into ``out``; each result is recorded and written as it comes."""
    exercises = list(only or config.exercises)
    found = discover(root, exercises=config.exercises, file_mb=config.file_mb,
                     submission_mb=config.submission_mb)
    subs, refused = student_ids.screen(found)
    iso = isolation.require_sandbox(isolation.probe())  # SandboxRefused: nothing graded yet
    summary = BatchSummary(found=len(found), sandbox=iso.describe(), refused=refused)
    echo(summary.sandbox)
    for line in refused:
        echo(line)
    out.mkdir(parents=True, exist_ok=True)
    with Gradebook(out / "gradebook.db") as gb:
        todo = [s for s in subs if force or not gb.is_graded(s.student, s.sha256, exercises)]
        summary.skipped = len(subs) - len(todo)
        bar = tqdm(total=len(todo), desc="grading", unit="student", disable=not progress)

        quiz = QuizResults(out / "gradebook.db")  # read once: quiz answers are not graded here

        def done(result: grading.StudentResult):
            if only:
                result = grading.merge_previous(result, gb.current_of(result.student, result.sha256),
                                                config)
            gb.record(result)
            # overrides are applied at every rendering, so a regrade keeps them
            record = review.apply(result.to_record(), gb.overrides(result.student))
            reports.write_student(reports.with_quiz([record], quiz)[0], out, config)
            summary.graded += 1
            bar.update(1)

        if scheduler:
            grade_on_cluster(scheduler, todo, config, exercises, done)
        elif jobs <= 1 or len(todo) <= 1:
            _grade_sequential(todo, config, exercises, iso, done)
        else:
            _grade_parallel(todo, config, exercises, jobs, iso, done)
        bar.close()
        # records of ids refused now (graded by an older grader) stay in the
        # gradebook but get no folder and no row
        summary.records = [r for r in reports.with_quiz(review.reviewed(gb.current(), gb), quiz)
                           if student_ids.reserved_reason(r["student"]) is None]
    # A grader killed between recording a student and writing their files
    # left the gradebook ahead of the folder: the gradebook is the truth.
    for record in summary.records:
        if not all((out / record["student"] / name).is_file() for name in STUDENT_FILES):
            reports.write_student(record, out, config)
    reports.write_class(summary.records, out, config)
    return summary


def _grade_sequential(todo, config, exercises, iso, done):
    """One submission at a time; the next one's child starts (Python, numpy)
    while this one is graded, on a core that would otherwise wait."""
    ahead = None
    try:
        for i, sub in enumerate(todo):
            current = ahead
            ahead = grading.prepare(todo[i + 1], config, exercises, 0, iso) if i + 1 < len(todo) else None
            done(safe_grade(sub, config, exercises, 0, iso, current))
    finally:
        if ahead is not None:
            ahead.discard()


def _grade_parallel(todo, config, exercises, jobs, iso, done):
    """The local pool; if a worker dies (e.g. killed by the OS), the rest are
    graded here one by one."""
    left = run_local(partial(safe_grade, iso=iso), [(s, config, exercises) for s in todo], jobs,
                     done=lambda args, result: done(result))
    for sub, *_ in left:
        done(safe_grade(sub, config, exercises, 0, iso))


def summary_lines(summary: BatchSummary, out: Path) -> list[str]:
    records = summary.records
    lines = [f"{summary.found} submissions found: {summary.graded} graded, "
             f"{summary.skipped} unchanged and skipped"
             + (f", {len(summary.refused)} refused." if summary.refused else ".")]
    lines += [f"  {line}" for line in summary.refused]
    if records:
        scores = [r["score"] for r in records]
        top = max(r["max_score"] for r in records)
        lines.append(f"Class: mean {statistics.fmean(scores):.1f} / {top:g}, "
                     f"median {statistics.median(scores):.1f}, min {min(scores):.1f}, max {max(scores):.1f}")
        names = [ex["name"] for ex in records[0]["exercises"]]
        for name in names:
            vals = [ex["score"] for r in records for ex in r["exercises"] if ex["name"] == name]
            mx = max((ex["max_score"] for r in records for ex in r["exercises"] if ex["name"] == name), default=0)
            lines.append(f"  {name:<11} mean {statistics.fmean(vals):6.2f} / {mx:g}")
    lines.append(f"Dashboard: {out / 'index.html'}")
    lines.append(f"Reports:   {out}/<student>/report.html, gradebook: {out / 'gradebook.csv'}")
    return lines
