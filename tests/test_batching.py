"""Batched round trips (GRADER_BATCH=1) give exactly the verdicts of one
call at a time, including a crash inside a batch and a shrunk failure."""
from pathlib import Path

import pytest

from grader.course import config
from grader.engine import grading
from grader.intake.submissions import discover

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    path = tmp_path_factory.mktemp("course") / "course.toml"
    path.write_text("[exercises]\nneuron = 20\nperceptron = 15\n[limits]\ncall_seconds = 2\n")
    return config.load(path)


def verdicts(result):
    return [(ex.name, t.name, t.status, t.feedback) for ex in result.exercises for t in ex.tests]


@pytest.mark.parametrize("student", ["ben", "gus", "jo"])
def test_batched_and_sequential_verdicts_are_identical(student, course, monkeypatch):
    sub = next(s for s in discover(ROOT / "examples" / "submissions", exercises=course.exercises)
               if s.student == student)
    monkeypatch.delenv("GRADER_BATCH", raising=False)
    one_by_one = grading.grade_submission(sub, course)
    monkeypatch.setenv("GRADER_BATCH", "1")
    batched = grading.grade_submission(sub, course)
    assert verdicts(batched) == verdicts(one_by_one)
    assert batched.score == one_by_one.score < 35.0
