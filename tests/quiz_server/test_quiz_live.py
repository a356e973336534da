"""The real server over loopback: waitress in a thread (duplicate submissions
racing each other: one is stored, the others get 409) and `grader quiz serve`
as a process (it prints where it listens and the instructor token, binds
127.0.0.1 only, and stops cleanly on Ctrl+C)."""
from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from quiz_server_helpers import LiveClient, csrf_of, right_answer, wrong_answer

from grader.quiz import QuizStore


def test_duplicate_submissions_racing_each_other_store_one_answer(live_server, bank, tokens):
    racers = 12
    variants = bank.variant("carol")[:3]
    clients = [LiveClient(live_server["url"]) for _ in range(racers)]
    for c in clients:
        c.sign_in(tokens["carol"])           # one session each, all carol
    for v in variants:
        barrier = threading.Barrier(racers)
        statuses: list[int] = []
        lock = threading.Lock()

        def post(c, answer):
            barrier.wait()
            status, _, _ = c.request("POST", f"/quiz/{v.id}", {"answer": answer,
                                                              "csrf_token": c.csrf})
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=post, args=(c, right_answer(v) if i % 2 else
                                                       wrong_answer(v)))
                   for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(statuses) == [303] + [409] * (racers - 1)
    for c in clients:
        c.close()
    rows = QuizStore(live_server["db"]).answers("carol")
    assert sorted(r["question_id"] for r in rows) == sorted(v.id for v in variants)
    with sqlite3.connect(live_server["db"]) as db:
        assert db.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0] == len(variants)


def test_many_students_at_once(live_server, bank, tokens):
    errors: list[str] = []

    def student(name):
        c = LiveClient(live_server["url"])
        try:
            c.sign_in(tokens[name])
            for v in bank.variant(name)[:4]:
                status, body, _ = c.request("POST", f"/quiz/{v.id}",
                                            {"answer": right_answer(v), "csrf_token": c.csrf})
                if status != 303:
                    errors.append(f"{name} {v.id}: {status}")
                status, body, _ = c.request("GET", "/quiz")
                if status != 200 or 'class="verdict right"' not in body:
                    errors.append(f"{name} {v.id}: page {status}")
        finally:
            c.close()

    threads = [threading.Thread(target=student, args=(s,)) for s in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    store = QuizStore(live_server["db"])
    for s in tokens:
        assert [r["correct"] for r in store.answers(s)] == [True] * 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_grader_quiz_serve_as_a_process(roster_csv, tokens, tmp_path):
    db = tmp_path / "out" / "gradebook.db"
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from grader.cli import main; main()", "quiz", "serve",
         "--port", str(port), "--roster", str(roster_csv), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Press Ctrl+C" in line:
                break
        out = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in out, out
        token = re.search(r"token: (\S+)", out).group(1)
        # bound to 127.0.0.1 only: another loopback address is refused
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.2", port)) != 0
        c = LiveClient(f"http://127.0.0.1:{port}")
        c.sign_in(tokens["dave"])
        status, body, _ = c.request("GET", "/instructor")
        status, _, _ = c.request("POST", "/instructor", {"token": token,
                                                         "csrf_token": csrf_of(body)})
        assert status == 303
        status, body, _ = c.request("GET", "/instructor")
        assert status == 200 and 'data-student="dave"' in body
        c.close()
        assert db.is_file()
    finally:
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, rest
    assert "Stopped." in rest


def test_serve_refuses_a_busy_port_with_a_message(roster_csv, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run(
            [sys.executable, "-c", "from grader.cli import main; main()", "quiz", "serve",
             "--port", str(port), "--roster", str(roster_csv), "--db", str(tmp_path / "g.db")],
            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr and "Traceback" not in r.stderr


def test_serve_reads_attempts_and_tokens_from_the_config(roster_csv, tokens, tmp_path):
    config = Path(__file__).resolve().parents[2] / "course.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('extensions = "examples/extensions.csv"',
                        f'extensions = "{config.parent / "examples" / "extensions.csv"}"')
    text = text.split("\n[quiz]")[0]  # the project's own [quiz] table (the last one) is replaced
    assert "[quiz]" not in text
    text += ('\n[quiz]\nattempts = 2\ninstructor_token = "from-the-config-0123456789"\n'
             'secret_key = "a-secret-key-from-the-config-0123456789"\n')
    (tmp_path / "course.toml").write_text(text, encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from grader.cli import main; main()", "quiz", "serve",
         "--port", str(port), "--roster", str(roster_csv), "--db", str(tmp_path / "g.db")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        env=dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(config.parent)))  # this checkout's grader
    try:
        out = ""
        while "Press Ctrl+C" not in out:
            line = proc.stdout.readline()
            assert line, out
            out += line
        assert "2 attempt(s) per question" in out
        assert "from-the-config" not in out          # a configured token is not printed
        c = LiveClient(f"http://127.0.0.1:{port}")
        status, body, _ = c.request("GET", "/instructor")
        status, _, _ = c.request("POST", "/instructor", {"token": "from-the-config-0123456789",
                                                         "csrf_token": csrf_of(body)})
        assert status == 303
        c.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
