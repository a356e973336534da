"""A small class of graded students, built from the grader's own result
types (StudentResult.to_record(), as the gradebook stores them) and written
through the real writer.  One student is hostile: their id, printed output,
returned values and exception messages are HTML, Markdown and spreadsheet
injection attempts; their hidden tests carry instructor-only details."""
from __future__ import annotations

import dataclasses
import hashlib
import random

from grader.course import config
from grader.engine.grading import StudentResult, scale
from grader.testing.suite import TestResult

COURSE = "Deep Learning Fundamentals"
# The project's course.toml: its exercises, points and notes passages.
CONFIG = dataclasses.replace(config.load(config.PROJECT_ROOT / "course.toml"), name=COURSE)
EXERCISES, DEFAULT_POINTS = CONFIG.exercises, CONFIG.points
XSS_ID = "<img src=x onerror=alert(1)>"
FORMULA_ID = "=cmd|'calc'!A0"
SECRET = "INSTRUCTOR-ONLY-DETAIL-7f3a"          # only ever in `details`
HIDDEN_INPUT = "HIDDEN-INPUT-VALUE-91c2"        # a hidden test's input/expected
HIDDEN_PRINT = "HIDDEN-PRINTED-5d0e"            # printed during a hidden test
FEEDBACK_XSS = "raised ValueError: <script>alert(2)</script><b id=\"injected-b\">bold</b>"
GOT_XSS = "'</pre><img id=\"injected-img\" src=x onerror=alert(3)>'"
OUTPUT_XSS = ("debug: <svg id=\"injected-svg\" onload=alert(4)></svg>\n```\n[click](javascript:alert(5))\n"
              "# not a heading\n" + "x" * 300)
PROBLEM_XSS = "<iframe id=\"injected-iframe\" src=\"javascript:alert(6)\"></iframe>.py: symbolic link skipped"

# (name, visibility, weight) per exercise: shaped like the real hidden suites.
SUITES = {
    "neuron": [("sigmoid: the notes' neuron gives about 0.75", "visible", 1),
               ("sigmoid: stable for |z| up to 1e4", "hidden", 2),
               ("softmax: rows sum to 1 for |z| up to 1e4", "hidden", 2),
               ("softmax: matches the notes' table", "visible", 1),
               ("bce_loss: matches the reference, clipped", "hidden", 2),
               ("relu_derivative: exact zeros for z <= 0", "visible", 2)],
    "perceptron": [("perceptron_predict: the notes' AND gate", "visible", 1),
                   ("perceptron_train: learns AND, OR and NAND", "hidden", 2),
                   ("perceptron_train: updates only when y != t", "hidden", 2)],
    "mlp": [("forward: the 2-2-2 walk-through's out_h1 = 0.5866", "visible", 2),
            ("backward: dE/dw7 = 0.0745 as in the notes", "visible", 2),
            ("backward: matches finite differences on random nets", "hidden", 3),
            ("train_xor: reaches loss < 0.05", "hidden", 2)],
    "optimizers": [("sgd_step: one step of W - lr * dW", "visible", 1),
                   ("momentum_step: velocity carries over", "hidden", 2),
                   ("adam_step: bias-corrected first steps", "hidden", 2)],
    "dropout": [("dropout_forward: keeps about 1 - p of the units", "visible", 2),
                ("dropout_backward: uses the same mask", "hidden", 2),
                ("early_stopping: stops after `patience` epochs", "hidden", 2)],
    "keras_dnn": [("build_model: 97 parameters for build_model(4)", "visible", 2),
                  ("train_digits_classifier: test accuracy >= 0.95", "hidden", 3)],
}

VISIBLE_FEEDBACK = (
    "softmax of each row should sum to 1\n"
    "  input:    softmax(z=array([[ 1000.,  1001.],\n"
    "       [-1000., -1001.]]))\n"
    "  expected: array([[0.268941, 0.731059],\n"
    "       [0.731059, 0.268941]])\n"
    "  got:      array([[nan, nan],\n"
    "       [ 0.,  0.]])\n"
    "  hint: softmax is not shifted by its row maximum")


def test_result(name, visibility, weight, status, feedback="", details="", output=""):
    return TestResult(name, weight, status, visibility, feedback, details or feedback, output=output)


def student(sid, verdicts, *, late_percent=0.0, submitted_at="2026-11-21T20:15:00+00:00",
            time_source="timestamp.txt", problems=(), seconds=12.5) -> StudentResult:
    """``verdicts``: exercise -> list of TestResult (or None: all passed)."""
    exercises = []
    for ex in EXERCISES:
        tests = verdicts.get(ex)
        if tests is None:
            tests = [test_result(n, v, w, "passed") for n, v, w in SUITES[ex]]
        exercises.append(scale(ex, tests, float(DEFAULT_POINTS[ex])))
    raw = round(sum(e.score for e in exercises), 4)
    penalty = round(raw * late_percent / 100, 4)
    note = (f"submitted 1.42 days after the deadline: {late_percent:g}% deducted" if late_percent
            else "on time")
    return StudentResult(
        student=sid, sha256=hashlib.sha256(sid.encode()).hexdigest(), score=round(raw - penalty, 4),
        max_score=float(sum(DEFAULT_POINTS.values())), raw_score=raw, submitted_at=submitted_at,
        time_source=time_source, late_penalty=penalty, late_note=note, exercises=exercises,
        problems=list(problems), late_percent=late_percent, graded_at="2026-11-30T14:27:21+00:00",
        seconds=seconds)


def mixed(rng: random.Random, fail_share: float) -> dict:
    verdicts = {}
    for ex, tests in SUITES.items():
        out = []
        for name, vis, w in tests:
            if rng.random() < fail_share:
                status = rng.choice(["failed", "failed", "failed", "error", "timeout"])
                fb = {"failed": VISIBLE_FEEDBACK if vis == "visible" else "softmax of each row should sum to 1\n"
                      "  hint: softmax is not shifted by its row maximum",
                      "error": "raised IndexError: index 2 is out of bounds for axis 0 with size 2",
                      "timeout": "timed out after 10 s (an endless loop?)"}[status]
                out.append(test_result(name, vis, w, status, fb, details=VISIBLE_FEEDBACK))
            else:
                out.append(test_result(name, vis, w, "passed"))
        verdicts[ex] = out
    return verdicts


def build_class() -> list[StudentResult]:
    rng = random.Random(7)
    results = [student("ada", {})]
    # ben: a bit of everything, late
    ben = mixed(random.Random(1), 0.0)
    ben["neuron"][2] = test_result(*SUITES["neuron"][2], "failed", "softmax of each row should sum to 1\n"
                                   "  hint: softmax is not shifted by its row maximum", details=VISIBLE_FEEDBACK)
    ben["neuron"][3] = test_result(*SUITES["neuron"][3], "failed", VISIBLE_FEEDBACK,
                                   output="z = [[1000. 1001.]]\nexp overflow!")
    ben["mlp"][2] = test_result(*SUITES["mlp"][2], "error",
                                "raised ValueError: shapes (3,4) and (5,) not aligned: 4 (dim 1) != 5 (dim 0)")
    ben["mlp"][3] = test_result(*SUITES["mlp"][3], "timeout", "timed out after 10 s (an endless loop?)")
    ben["keras_dnn"] = [test_result(n, v, w, "not_submitted", "not submitted") for n, v, w in SUITES["keras_dnn"]]
    results.append(student("ben", ben, late_percent=20.0, submitted_at="2026-11-23T10:00:00+00:00"))
    # the hostile student
    hostile = mixed(random.Random(2), 0.0)
    hostile["neuron"][0] = test_result(*SUITES["neuron"][0], "failed",
                                       f"{FEEDBACK_XSS}\n  got:      {GOT_XSS}\n  hint: check what you return",
                                       details=SECRET, output=OUTPUT_XSS)
    # a hidden test whose feedback (wrongly) still carries input/expected: the writer must strip them
    hostile["neuron"][1] = test_result(*SUITES["neuron"][1], "failed",
                                       f"sigmoid overflowed\n  input:    sigmoid(z={HIDDEN_INPUT})\n"
                                       f"  expected: {HIDDEN_INPUT}\n  got:      {HIDDEN_INPUT}\n"
                                       "  hint: use np.exp(-|z|)",
                                       details=f"{SECRET} input {HIDDEN_INPUT}", output=HIDDEN_PRINT)
    hostile["mlp"][0] = test_result(*SUITES["mlp"][0], "error",
                                    "raised RuntimeError: \x1b[31mred\x1b[0m \x00\x07 \ufffe ok", details=SECRET)
    results.append(student(XSS_ID, hostile, problems=[PROBLEM_XSS]))
    results.append(student(FORMULA_ID, mixed(random.Random(3), 0.3), submitted_at=None, time_source=""))
    # gus submitted two exercises
    gus = {ex: [test_result(n, v, w, "not_submitted", "not submitted") for n, v, w in SUITES[ex]]
           for ex in EXERCISES if ex not in ("neuron", "perceptron")}
    results.append(student("gus", gus, submitted_at=None, time_source=""))
    for i in range(14):
        results.append(student(f"s{i + 1:02d}", mixed(rng, rng.choice([0.05, 0.15, 0.3, 0.5])),
                               late_percent=rng.choice([0, 0, 0, 10])))
    return results
