"""The next submission's child is started while the current one is graded
(grading.prepare): in its own folder, under its own user id, serving that
submission only, and the verdicts are those of a child started on demand."""
import os
from pathlib import Path

import pytest

from grader.course import config
from grader.engine import grading
from grader.intake.submissions import discover
from grader.sandbox import isolation

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    path = tmp_path_factory.mktemp("course") / "course.toml"
    path.write_text("[exercises]\nneuron = 20\n")
    return config.load(path)


@pytest.fixture(scope="module")
def students(course):
    subs = {s.student: s for s in discover(ROOT / "examples" / "submissions", exercises=course.exercises)}
    return subs["ada"], subs["ben"]


def verdicts(result):
    return [(t.name, t.status, t.feedback, t.details) for ex in result.exercises for t in ex.tests]


def test_prepared_children_are_separate_and_give_the_same_verdicts(course, students):
    ada, ben = students
    iso = isolation.probe()
    first = grading.prepare(ada, course, ["neuron"], 0, iso)
    second = grading.prepare(ben, course, ["neuron"], 0, iso)
    try:
        assert first is not None and second is not None
        assert first.workdir != second.workdir
        (a_proc,), (b_proc,) = first.processes.values(), second.processes.values()
        assert a_proc.alive() and b_proc.alive() and a_proc.workdir != b_proc.workdir
        if iso.drop_uid:
            assert a_proc.uid != b_proc.uid
        assert sorted(os.listdir(second.workdir)) == sorted(ben.files)
        graded = grading.grade_submission(ada, course, ["neuron"], 0, iso, first)
        assert not first.workdir.exists() and not first.processes  # used once, then gone
        assert b_proc.alive()  # grading one student never touched the next one's child
        assert verdicts(graded) == verdicts(grading.grade_submission(ada, course, ["neuron"], 0, iso))
        assert graded.score == 20.0
        # handed to the wrong submission, a prepared folder is thrown away, not used
        other = grading.grade_submission(ada, course, ["neuron"], 0, iso, second)
        assert not second.workdir.exists() and verdicts(other) == verdicts(graded)
    finally:
        first.discard()
        second.discard()
