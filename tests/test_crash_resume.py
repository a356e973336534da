"""The batch survives its own death: `kill -9` of the grader in the middle of
a class, then the same command again, grades the rest and loses nothing
already graded."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = [f"s{i:02d}" for i in range(10)]


def attempts(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT student, graded_at FROM attempts ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []


def test_kill_9_then_rerun_grades_the_rest_and_keeps_the_rest(tmp_path):
    subs = tmp_path / "subs"
    for i, student in enumerate(STUDENTS):
        (subs / student).mkdir(parents=True)
        for name in ["neuron", "perceptron", "dropout"]:
            shutil.copy(ROOT / "solutions" / f"{name}.py", subs / student)
        (subs / student / "id.txt").write_text(student)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out), "--jobs", "1", "--quiet",
           "--only", "neuron", "--only", "perceptron", "--only", "dropout"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while len(attempts(out / "gradebook.db")) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = attempts(out / "gradebook.db")
    assert 3 <= len(before) < len(STUDENTS), "the kill should land in the middle of the class"

    finished = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    after = attempts(out / "gradebook.db")
    assert sorted(s for s, _ in after) == STUDENTS        # every student exactly once
    assert after[: len(before)] == before                  # what was graded is untouched
    assert f"{len(STUDENTS) - len(before)} graded, {len(before)} unchanged" in finished.stdout
    for student in STUDENTS:
        result = json.loads((out / student / "result.json").read_text())
        assert result["score"] == result["max_score"] == 50.0
        assert not [p.name for p in (out / student).iterdir() if p.name.startswith(".")]  # no torn writes
    with sqlite3.connect(out / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
