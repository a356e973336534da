"""A one-call property test sends all its cases in one round trip
(grader/testing/prefetch.py); the verdicts, feedback and shrunk inputs are
exactly those of one call per case, including a crash and a hang in the
middle of the cases, a wrong answer that is shrunk, and real buggy students."""
from pathlib import Path

import pytest

from grader.course import config
from grader.engine import grading
from grader.intake.submissions import discover

ROOT = Path(__file__).resolve().parents[1]

# Appended to the model solution: bugs that hit some drawn cases only.
HOSTILE = '''
import os as _os
_sigmoid, _tanh, _relu, _leaky = sigmoid, tanh, relu, leaky_relu


def sigmoid(z):
    if isinstance(z, np.ndarray) and z.ndim == 3:
        return _sigmoid(z) + 1e-3           # wrong on 3-d arrays: shrunk
    return _sigmoid(z)


def leaky_relu(z, alpha=0.01):
    if isinstance(z, list):
        _os._exit(3)                        # dies on lists (from the 7th case on)
    return _leaky(z, alpha)


def tanh(z):
    if isinstance(z, list):
        while True:                         # hangs on lists
            pass
    return _tanh(z)


def relu(z):
    if isinstance(z, np.ndarray) and z.ndim == 2:
        return np.asarray(z, dtype=float)   # forgot the max on matrices
    return _relu(z)
'''


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    path = tmp_path_factory.mktemp("course") / "course.toml"
    path.write_text("[exercises]\nneuron = 20\n[limits]\ncall_seconds = 3\n")
    return config.load(path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("subs")
    (root / "hal").mkdir()
    (root / "hal" / "neuron.py").write_text((ROOT / "solutions" / "neuron.py").read_text() + HOSTILE)
    return discover(root, exercises=["neuron"])[0]


def verdicts(result):
    """Everything a test decided and said.  The child's output of a hidden
    test, kept for the instructor after its details, is left out: a
    prefetched test runs every case before checking, so its child printed
    (e.g. numpy's warnings) for more cases than the per-call path, which
    stops at the first failure."""
    return [(t.name, t.status, t.feedback, t.details.split("\noutput (not shown to the student):")[0])
            for ex in result.exercises for t in ex.tests]


def both_ways(sub, course, monkeypatch):
    suite, _ = grading.suite_and_reference("neuron")
    assert suite.one_call
    prefetched = grading.grade_submission(sub, course, ["neuron"])
    monkeypatch.setattr(suite, "one_call", False)
    per_call = grading.grade_submission(sub, course, ["neuron"])
    return prefetched, per_call


def test_crash_hang_and_shrink_give_the_per_call_verdicts(hostile, course, monkeypatch):
    prefetched, per_call = both_ways(hostile, course, monkeypatch)
    assert verdicts(prefetched) == verdicts(per_call)
    by_name = {t[0]: t for t in verdicts(prefetched)}
    statuses = {t[1] for t in by_name.values()}
    assert {"passed", "failed", "error", "timeout"} <= statuses
    # the relu property was shrunk to a small matrix, shown to the instructor
    sigmoid = by_name["sigmoid: matches 1 / (1 + exp(-z)) for |z| up to 1e4, any shape"]
    assert sigmoid[1] == "failed" and "input:    sigmoid(z=array([[[0.]]]))" in sigmoid[3]
    leaky = next(t for name, *t in by_name.values() if name.startswith("leaky_relu: matches"))
    assert leaky[0] == "error" and "exited with code 3" in leaky[2]


@pytest.mark.parametrize("student", ["ben", "jo"])
def test_example_students_get_the_per_call_verdicts(student, course, monkeypatch):
    sub = next(s for s in discover(ROOT / "examples" / "submissions", exercises=course.exercises)
               if s.student == student)
    prefetched, per_call = both_ways(sub, course, monkeypatch)
    assert verdicts(prefetched) == verdicts(per_call)
    assert prefetched.score == per_call.score < 20.0
