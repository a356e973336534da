"""``grader quiz export`` and ``grader quiz take`` through click's CliRunner, and once in a
real terminal (tmux)."""
import json
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.quiz import QuizStore, load_quiz_config, load_roster, quiz_scores
from grader.quiz.roster import RosterError
from grader.quiz.settings import QuizConfigError
from gift_reader import read_gift
from quiz_helpers import ROOT


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


# ------------------------------------------------------------------ export

@pytest.mark.parametrize("fmt", ["json", "gift", "moodle-xml"])
def test_export_formats(tmp_path, bank, fmt):
    out = tmp_path / f"quiz.{fmt}"
    res = run(["quiz", "export", "--format", fmt, "--student", "alice", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert f"Wrote {len(bank)} questions" in res.output and "alice" in res.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert len(json.loads(text)) == len(bank)
    elif fmt == "gift":
        assert len([q for q in read_gift(text) if q["qtype"] != "category"]) == len(bank)
    else:
        assert len(ET.fromstring(text.encode()).findall("question[@type='numerical']")) == \
            sum(q.type in ("numeric", "parameterised") for q in bank)


def test_export_template_says_fixed_seed(tmp_path):
    out = tmp_path / "t.json"
    res = run(["quiz", "export", "--format", "json", "--out", str(out)])
    assert res.exit_code == 0 and "fixed seed 0" in res.output


def test_export_errors(tmp_path):
    res = CliRunner().invoke(main, ["quiz", "export", "--format", "pdf", "--out", "x"])
    assert res.exit_code != 0 and "pdf" in res.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "b.yaml").write_text("questions: [{id: X}]")
    res = CliRunner().invoke(main, ["quiz", "export", "--format", "json", "--bank", str(bad),
                                    "--out", str(tmp_path / "o.json")])
    assert res.exit_code == 1 and "invalid quiz bank" in res.output
    assert "Traceback" not in res.output


# ------------------------------------------------------------------ take

def _right_answers(bank, student):
    out = []
    for v in bank.variant(student):
        key = v.key()["answer"]
        if v.type == "multiple_choice":
            out.append(",".join(key))
        elif v.type == "true_false":
            out.append("true" if key else "false")
        elif v.type in ("numeric", "parameterised"):
            out.append(repr(key))
        else:
            out.append(key)
    return out


def whole_bank_copy(tmp_path) -> Path:
    """The course's bank without its named quizzes (quizzes.toml): the whole-bank quiz."""
    copy = tmp_path / "bank"
    shutil.copytree(ROOT / "reference" / "quiz", copy, ignore=shutil.ignore_patterns("quizzes.toml"))
    return copy


def test_take_whole_real_bank_full_marks(tmp_path, bank):
    db = tmp_path / "out" / "gradebook.db"
    answers = _right_answers(bank, "erin")
    res = run(["quiz", "take", "--student", "erin", "--db", str(db),
               "--bank", str(whole_bank_copy(tmp_path))],
              input="\n".join(answers) + "\n")
    assert res.exit_code == 0, res.output[-2000:]
    assert f"Quiz score for erin: {bank.total_points:g} / {bank.total_points:g}" in res.output
    rows = QuizStore(db).answers("erin")
    assert len(rows) == len(bank) and all(r["correct"] for r in rows)
    assert quiz_scores(db) == {"erin": (bank.total_points, bank.total_points)}
    # parameterised rows keep the drawn numbers
    params = {r["question_id"]: r["params"] for r in rows}
    assert params["p-adam-step"] == bank.variant_for("erin", "p-adam-step").params


def test_take_grades_each_answer_and_stores_once(tmp_path, small_bank_path, small_bank):
    db = tmp_path / "gradebook.db"
    param_key = small_bank.variant_for("frank", "param").key()["answer"]
    # special-chars: invalid 'z' first (re-asked, no attempt used), then wrong 'b'
    inputs = ["z", "b", "a,b", "false", "1.1", repr(param_key)]
    res = run(["quiz", "take", "--student", "frank", "--db", str(db), "--bank", str(small_bank_path)],
              input="\n".join(inputs) + "\n")
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Not an answer: unknown choice z" in out
    assert "The answer is a) x = {1} ~ #2: ok" in out          # revealed: no attempts left
    assert "Partly correct (2 of 3 points)" in out
    assert "They do sum to 1 #always" in out
    assert "Quiz score for frank: 5 / 8" in out
    rows = QuizStore(db).answers("frank")
    assert [(r["question_id"], r["answer"], r["correct"]) for r in rows] == [
        ("special-chars", "b", False), ("multi", ["a", "b"], False), ("tf", "false", False),
        ("num", "1.1", True), ("param", repr(param_key), True)]
    # a second session skips everything: one submission per question
    res2 = run(["quiz", "take", "--student", "frank", "--db", str(db), "--bank", str(small_bank_path)],
               input="")
    assert res2.exit_code == 0 and res2.output.count("already answered") == 5
    assert len(QuizStore(db).answers("frank")) == 5


def test_take_more_attempts_from_course_toml(tmp_path, small_bank_path):
    toml = tmp_path / "course.toml"
    toml.write_text("[quiz]\nattempts = 2\n")
    db = tmp_path / "gb.db"
    # special-chars wrong then right; multi right; tf wrong twice; num right; param wrong twice
    inputs = ["b", "a", "a,b,c", "false", "false", "1.1", "999", "999"]
    res = run(["quiz", "take", "--student", "gina", "--db", str(db), "--bank", str(small_bank_path),
               "--config", str(toml)], input="\n".join(inputs) + "\n")
    assert res.exit_code == 0, res.output
    assert "attempt 2 of 2" in res.output
    first_wrong = res.output.split("attempt 2 of 2")[0]
    assert "The answer is" not in first_wrong        # not revealed while attempts remain
    rows = QuizStore(db).answers("gina")
    assert [(r["question_id"], r["attempt"]) for r in rows] == [
        ("special-chars", 1), ("special-chars", 2), ("multi", 1), ("tf", 1), ("tf", 2),
        ("num", 1), ("param", 1), ("param", 2)]
    assert "Quiz score for gina: 6 / 8" in res.output


def test_take_with_roster_token(tmp_path, small_bank_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,token\nhank,tok-hank\nivy,tok-ivy\n")
    db = tmp_path / "gb.db"
    base = ["quiz", "take", "--db", str(db), "--bank", str(small_bank_path), "--roster", str(roster)]
    res = CliRunner().invoke(main, base + ["--student", "hank"], input="nope\nnope\nnope\n")
    assert res.exit_code == 1 and "wrong access token" in res.output
    res = CliRunner().invoke(main, base + ["--student", "zed"], input="x\n")
    assert res.exit_code == 1 and "not on the roster" in res.output
    res = run(base + ["--student", "hank"], input="tok-hank\na\na,b,c\ntrue\n1.1\n0\n")
    assert res.exit_code == 0 and "Quiz score for hank" in res.output
    assert "tok-hank" not in res.output                      # hidden input


def test_take_interrupted_keeps_answers(tmp_path, small_bank_path):
    db = tmp_path / "gb.db"
    res = CliRunner().invoke(main, ["quiz", "take", "--student", "jo", "--db", str(db),
                                    "--bank", str(small_bank_path)], input="a\n")
    assert res.exit_code == 130 and "answers given so far are stored" in res.output
    assert [r["question_id"] for r in QuizStore(db).answers("jo")] == ["special-chars"]


# ------------------------------------------------------------------ config and roster

def test_quiz_config(tmp_path):
    assert load_quiz_config().attempts >= 1
    p = tmp_path / "course.toml"
    p.write_text("[quiz]\nmax_attempts = 3\n")
    assert load_quiz_config(p).attempts == 3
    for bad in ("[quiz]\nattempts = 0\n", "[quiz]\nattempts = 'two'\n",
                "[quiz]\nattempts = 2\nmax_attempts = 3\n"):
        p.write_text(bad)
        with pytest.raises(QuizConfigError):
            load_quiz_config(p)
    with pytest.raises(QuizConfigError):
        load_quiz_config(tmp_path / "missing.toml")


def test_roster(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("\ufeffStudent, Token\nalice, t1\n\nbob,t2\n")
    assert load_roster(p) == {"t1": "alice", "t2": "bob"}
    for text, msg in [("name,token\na,b\n", "student,token"), ("student,token\na,\n", "both"),
                      ("student,token\na,t\nb,t\n", "unique"), ("student,token\na,t\na,u\n", "twice")]:
        p.write_text(text)
        with pytest.raises(RosterError, match=msg):
            load_roster(p)
    with pytest.raises(RosterError, match="does not exist"):
        load_roster(tmp_path / "none.csv")


# ------------------------------------------------------------------ a real terminal

@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_take_in_a_real_terminal_with_tmux(tmp_path, small_bank_path, small_bank):
    grader = Path(sys.executable).with_name("grader")
    assert grader.is_file()
    db = tmp_path / "gb.db"
    session = f"quiz-test-{tmp_path.name}"[:60].replace(".", "-")
    log = tmp_path / "screen.txt"
    cmd = (f"{grader} quiz take --student tess --db {db} --bank {small_bank_path}; "
           f"echo EXIT=$? ; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", cmd],
                   check=True)

    def screen():
        return subprocess.run(["tmux", "capture-pane", "-p", "-S", "-200", "-t", session],
                              capture_output=True, text=True).stdout

    def wait_for(text, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            s = screen()
            if text in s:
                return s
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear:\n{screen()}")

    try:
        param_key = small_bank.variant_for("tess", "param").key()["answer"]
        for expect, keys in [("Question 1/5", "a"), ("Question 2/5", "a,c"),
                             ("Question 3/5", "true"), ("Question 4/5", "1.10"),
                             ("Question 5/5", f"{param_key:.6f}")]:
            wait_for(expect)
            time.sleep(0.05)
            subprocess.run(["tmux", "send-keys", "-t", session, keys, "Enter"], check=True)
        final = wait_for("EXIT=0")
        log.write_text(final)
        assert "Partly correct" in final
        assert "Quiz score for tess: 7 / 8" in final
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    rows = QuizStore(db).answers("tess")
    assert [r["correct"] for r in rows] == [True, False, True, True, True]
