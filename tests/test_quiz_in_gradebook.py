"""Quiz scores join the gradebook: gradebook.csv, result.json and the report,
rendered by `grader report` from the same SQLite file the quiz writes to."""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

from grader.quiz import QuizStore, grade_answer, load_bank

ROOT = Path(__file__).resolve().parents[1]


def test_quiz_scores_appear_in_csv_result_and_report(tmp_path):
    subs = tmp_path / "subs"
    for student in ("ada", "bob"):
        (subs / student).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / "neuron.py", subs / student)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out), "--only", "neuron", "--quiet"]
    assert subprocess.run(cmd, cwd=ROOT, capture_output=True).returncode == 0

    bank = load_bank()
    store = QuizStore(out / "gradebook.db")
    first = next(v for v in bank.variant("ada") if v.input_kind == "radio")
    answer = next(c["id"] for c in first.key()["choices"] if c["correct"])  # the instructor side knows the key
    verdict = grade_answer(first, answer)
    assert verdict.correct
    store.record("ada", first.id, answer, verdict)

    proc = subprocess.run([sys.executable, "-m", "grader.cli", "report", str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert float(rows["ada"]["quiz"]) == verdict.score > 0
    assert float(rows["ada"]["quiz_max"]) == bank.total_points
    assert float(rows["bob"]["quiz"]) == 0.0
    result = json.loads((out / "ada" / "result.json").read_text())
    assert result["quiz"]["score"] == verdict.score
    assert "Quiz" in (out / "ada" / "report.html").read_text()
    assert "quiz" not in json.loads((out / "bob" / "result.json").read_text())
