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


def test_each_named_quiz_is_a_column_and_a_report_section(tmp_path):
    """Answers to the course's week3 quiz (closed by now, so its feedback shows) become the
    quiz_week3 column, a section of the report, and per_quiz_scores for LMS exports."""
    from grader.quiz.quizzes import load_quizzes
    from grader.quiz.scores import per_quiz_scores

    subs = tmp_path / "subs"
    for student in ("ada", "bob"):
        (subs / student).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / "neuron.py", subs / student)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out), "--only", "neuron", "--quiet"]
    assert subprocess.run(cmd, cwd=ROOT, capture_output=True).returncode == 0
    bank = load_bank()
    week3 = load_quizzes(bank)["week3"]
    drawn = week3.draw(bank, "ada")
    store = QuizStore(out / "gradebook.db")
    store.start("week3", "ada")
    v = next(v for v in drawn if v.input_kind == "radio")
    answer = next(c["id"] for c in v.key()["choices"] if c["correct"])
    store.record("ada", v.id, answer, grade_answer(v, answer), quiz="week3")
    maximum = sum(d.points for d in drawn)

    proc = subprocess.run([sys.executable, "-m", "grader.cli", "report", str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert float(rows["ada"]["quiz_week3"]) == v.points > 0
    assert float(rows["ada"]["quiz_week3_max"]) == maximum
    assert float(rows["bob"]["quiz_week3"]) == 0.0 and "quiz_week5" in rows["bob"]
    canvas = (out / "gradebook-canvas.csv").read_text()
    assert "Quiz: Week 3: activations and backpropagation" in canvas
    result = json.loads((out / "ada" / "result.json").read_text())
    [w3] = [q for q in result["quizzes"] if q["id"] == "week3"]
    assert w3["score"] == v.points and len(w3["questions"]) == len(drawn)
    report = (out / "ada" / "report.html").read_text()
    assert 'id="quiz-week3"' in report and "Quiz: Week 3" in report
    assert "Quiz: Week 3" in (out / "ada" / "report.md").read_text()
    scores = per_quiz_scores(out / "gradebook.db", students=["ada", "bob"])
    assert scores["ada"]["week3"] == (v.points, maximum) and scores["bob"]["week3"][0] == 0
