"""`grader grade` on a small real class, through the real command line:
the model solutions score full marks, the stubs zero, a broken submission
loses only what is broken, re-runs skip unchanged work, and a regrade with
one or two workers gives identical results."""
import csv
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.course import config

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = list(config.load(ROOT / "course.toml").exercises)
GRADER = [sys.executable, "-m", "grader.cli"]


def run_grader(*args, cwd=None):
    proc = subprocess.run([*GRADER, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    subs = base / "submissions"
    (subs / "model").mkdir(parents=True)
    (subs / "stubs").mkdir()
    (subs / "broken" / "exercises").mkdir(parents=True)
    for name in EXERCISES:
        shutil.copy(ROOT / "solutions" / f"{name}.py", subs / "model")
        shutil.copy(ROOT / "exercises" / f"{name}.py", subs / "stubs")
    for name in ["neuron", "perceptron", "mlp", "optimizers"]:
        shutil.copy(ROOT / "solutions" / f"{name}.py", subs / "broken" / "exercises")
    source = (ROOT / "solutions" / "dropout.py").read_text().splitlines()
    at = next(i for i, line in enumerate(source) if line.startswith("def dropout_backward"))
    source[at] = source[at].rstrip(":")  # a missing colon, as students do
    (subs / "broken" / "exercises" / "dropout.py").write_text("\n".join(source) + "\n")
    with zipfile.ZipFile(subs / "zipped.zip", "w") as zf:
        for name in ["neuron", "optimizers"]:
            zf.write(ROOT / "solutions" / f"{name}.py", f"exercises/{name}.py")
    out = base / "out"
    first = run_grader("grade", subs, "--out", out, "--jobs", "2", "--quiet")
    return {"subs": subs, "out": out, "first": first, "syntax_line": at + 1}


def result(out, student):
    return json.loads((out / student / "result.json").read_text())


def test_model_solutions_score_full_marks(graded):
    r = result(graded["out"], "model")
    failing = [(ex["name"], t["name"], t["feedback"]) for ex in r["exercises"] for t in ex["tests"]
               if t["status"] != "passed"]
    assert failing == []
    assert r["score"] == pytest.approx(100.0)
    assert [ex["name"] for ex in r["exercises"]] == EXERCISES


def test_stubs_score_zero_with_not_implemented(graded):
    r = result(graded["out"], "stubs")
    assert r["score"] == 0.0
    for ex in r["exercises"]:
        for t in ex["tests"]:
            assert t["status"] == "failed", (ex["name"], t)
            assert "not implemented" in t["feedback"], (ex["name"], t)


def test_broken_submission_loses_only_what_is_broken(graded):
    r = result(graded["out"], "broken")
    by_name = {ex["name"]: ex for ex in r["exercises"]}
    for name in ["neuron", "perceptron", "mlp", "optimizers"]:
        assert by_name[name]["score"] == by_name[name]["max_score"], name
    dropout = by_name["dropout"]["tests"]
    assert {t["status"] for t in dropout} == {"error"}
    assert f"SyntaxError in dropout.py line {graded['syntax_line']}" in dropout[0]["feedback"]
    keras = by_name["keras_dnn"]["tests"]
    assert {t["status"] for t in keras} == {"not_submitted"}
    assert keras[0]["feedback"] == "not submitted"


def test_zip_submission_is_graded(graded):
    r = result(graded["out"], "zipped")
    scores = {ex["name"]: ex["score"] for ex in r["exercises"]}
    assert scores["neuron"] == 20.0 and scores["optimizers"] == 15.0
    assert scores["mlp"] == 0.0


def test_fixed_outputs_exist_and_agree(graded):
    out = graded["out"]
    for student in ["model", "stubs", "broken", "zipped"]:
        for name in ["result.json", "report.html", "report.md", "gradescope.json", "junit.xml"]:
            assert (out / student / name).is_file(), (student, name)
        r = result(out, student)
        assert set(r) >= {"student", "score", "max_score", "submitted_at", "late_penalty", "exercises"}
        for ex in r["exercises"]:
            assert set(ex) >= {"name", "score", "max_score", "tests"}
            for t in ex["tests"]:
                assert set(t) >= {"name", "score", "max_score", "status", "visibility", "feedback"}
                assert t["status"] in {"passed", "failed", "error", "timeout", "not_submitted"}
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert {row["student"]: float(row["total"]) for row in rows}["model"] == pytest.approx(100.0)
    assert set(rows[0]) >= {"student", "total", *EXERCISES}
    assert (out / "index.html").is_file()
    with sqlite3.connect(out / "gradebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM attempts WHERE current=1").fetchone()[0] == 4


def test_rerun_skips_unchanged_submissions(graded):
    same = run_grader("grade", graded["subs"], "--out", graded["out"], "--quiet")
    assert "0 graded, 4 unchanged and skipped" in same.stdout


def test_partial_regrade_keeps_the_other_exercises(graded):
    forced = run_grader("grade", graded["subs"], "--out", graded["out"], "--quiet", "--only", "neuron",
                        "--force")
    assert "4 graded, 0 unchanged" in forced.stdout
    r = result(graded["out"], "model")
    assert [ex["name"] for ex in r["exercises"]] == EXERCISES
    assert r["score"] == pytest.approx(100.0)
    with sqlite3.connect(graded["out"] / "gradebook.db") as db:
        attempts = db.execute("SELECT COUNT(*), SUM(current) FROM attempts WHERE student='model'").fetchone()
    assert attempts == (2, 1)  # the history keeps both gradings, one current


def _without_times(r):
    r = dict(r)
    r.pop("graded_at")
    return r


def test_regrade_is_deterministic_with_one_or_two_workers(graded, tmp_path):
    out1, out2 = tmp_path / "one", tmp_path / "two"
    run_grader("grade", graded["subs"], "--out", out1, "--jobs", "1", "--quiet", "--only", "neuron",
               "--only", "mlp", "--only", "dropout")
    run_grader("grade", graded["subs"], "--out", out2, "--jobs", "2", "--quiet", "--only", "neuron",
               "--only", "mlp", "--only", "dropout")
    for student in ["model", "stubs", "broken", "zipped"]:
        assert _without_times(result(out1, student)) == _without_times(result(out2, student))


def test_report_command_rebuilds_outputs_from_the_gradebook(graded, tmp_path):
    out = tmp_path / "copy"
    out.mkdir()
    shutil.copy(graded["out"] / "gradebook.db", out)
    run_grader("report", out)
    assert result(out, "model")["score"] == result(graded["out"], "model")["score"]
    assert (out / "index.html").is_file() and (out / "gradebook.csv").is_file()
