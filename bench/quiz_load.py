"""Load test of the quiz web server: many students taking a whole quiz at once.

    python bench/quiz_load.py [--students 200] [--questions 10] [--duplicates 2]
                              [--threads 16] [--time-limit 300] [--whole-bank]
                              [--out bench/QUIZ_RESULTS.md]

Starts the real server (`grader quiz serve`, waitress) on a free port of
127.0.0.1 with a fresh gradebook, a generated roster and a named quiz open
now (--questions questions drawn from the whole course bank, 60 minutes once
started), then runs one thread per simulated student, each with its own
session (cookies, CSRF token) over a keep-alive connection, through the whole
quiz as a browser does: sign in, the list of quizzes, the quiz's start page,
start, then for each of the student's drawn questions post an answer and load
the page the redirect points to, and finally hand in.  The page must show
the student's own draw in their order.  For --duplicates of those questions
the student double-submits: the same answer posted from a second connection
of the same session at the same instant (a barrier); exactly one must be
stored (303) and the other refused (409 "already answered").

Pacing: students arrive spread over --ramp seconds (default 5) and pause
--think seconds on average (uniform between half and one and a half of it,
default 1) before each answer and before handing in: a class that reads its
questions, only 30 times faster than a real one.  --think 0 --ramp 0 is the
earlier stress load (everyone at the same instant, requests back to back):
there, by Little's law, the mean time of a request is the number of students
waiting divided by the server's throughput, whatever the code does.

--whole-bank runs the earlier load instead (no named quiz: the whole bank,
157 questions on one page, --questions answers each), as a baseline.

Everything is bounded: a fixed number of requests per student, a socket
timeout, and --time-limit for the whole run (students stop where they are
when it passes); the server is stopped at the end.  Then the gradebook is
checked: one row per (student, question) answered, the expected count, no
duplicates.  Response times (median, 95th percentile, max) and throughput
are printed and appended to --out with the machine, the command and the date.
Exit status 0 only if every check passed.
"""
from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import resource
import re
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))              # this checkout's grader, as the server runs it
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
SECTION_RE = re.compile(r'<section class="card question" id="q-([^"]+)"')
QUIZ_ID = "bench"
HOST = "127.0.0.1"


class Client:
    """One connection of one student's session: keep-alive, cookies shared with
    the session's other connection."""

    def __init__(self, port: int, cookies: dict, timeout: float, record):
        self.port, self.cookies, self.timeout, self.record = port, cookies, timeout, record
        self.conn: http.client.HTTPConnection | None = None

    def request(self, kind: str, method: str, path: str, form=None) -> tuple[int, str]:
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Connection": "keep-alive"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            t0 = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read().decode("utf-8")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # the server closed an idle keep-alive connection: reconnect once (a GET or
                # a POST that never reached the application)
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - t0
            break
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        self.record(kind, resp.status, elapsed)
        return resp.status, data

    def close(self):
        if self.conn is not None:
            self.conn.close()


def answer_for(v, rng: random.Random):
    """A valid (right or wrong) answer to variant ``v``, as the form posts it."""
    ids = [c["id"] for c in v.choices]
    if v.input_kind == "checkbox":
        return rng.sample(ids, rng.randint(1, len(ids)))
    if v.input_kind == "radio":
        return rng.choice(ids)
    return f"{rng.uniform(-2, 2):.4f}"


class Run:
    def __init__(self, args, port: int, bank, quiz, tokens: dict[str, str]):
        self.args, self.port, self.bank, self.quiz, self.tokens = args, port, bank, quiz, tokens
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.expected: set[tuple[str, str]] = set()
        self.duplicates = 0
        self.duplicate_outcomes: Counter = Counter()
        self.deadline = 0.0

    def record(self, kind: str, status: int, seconds: float):
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            self.statuses[(kind, status)] += 1

    def error(self, msg: str):
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(msg)

    def late(self) -> bool:
        return time.monotonic() > self.deadline

    def student(self, student: str, start: threading.Barrier):
        rng = random.Random(student)
        cookies: dict[str, str] = {}
        main = Client(self.port, cookies, self.args.socket_timeout, self.record)
        twin = Client(self.port, cookies, self.args.socket_timeout, self.record)
        try:
            start.wait()
            time.sleep(rng.uniform(0, self.args.ramp))
            status, body = main.request("sign-in page", "GET", "/")
            if status != 200:
                return self.error(f"{student}: GET / -> {status}")
            status, body = main.request("sign in", "POST", "/login", {
                "token": self.tokens[student], "csrf_token": CSRF_RE.search(body).group(1)})
            if status != 303:
                return self.error(f"{student}: sign in -> {status}")
            if self.args.whole_bank:
                page = "/quiz"
                variants = self.bank.variant(student)
                picked = rng.sample(variants, min(self.args.questions, len(variants)))
                answer_path = "/quiz/{}"
            else:
                page = f"/quizzes/{QUIZ_ID}"
                for kind, path in (("quiz list", "/quiz"), ("quiz page", page)):
                    status, body = main.request(kind, "GET", path)
                    if status != 200:
                        return self.error(f"{student}: GET {path} -> {status}")
                status, _ = main.request("start", "POST", f"{page}/start",
                                         {"csrf_token": CSRF_RE.search(body).group(1)})
                if status != 303:
                    return self.error(f"{student}: start -> {status}")
                variants = picked = self.quiz.draw(self.bank, student)
                answer_path = page + "/answer/{}"
            status, body = main.request("quiz page", "GET", page)
            if status != 200:
                return self.error(f"{student}: GET {page} -> {status}")
            csrf = CSRF_RE.search(body).group(1)
            if SECTION_RE.findall(body) != [v.id for v in variants]:
                return self.error(f"{student}: the page does not show the student's draw")
            doubled = set(v.id for v in picked[: self.args.duplicates])
            for v in picked:
                self.think(rng)
                if self.late():
                    return
                form = {"answer": answer_for(v, rng), "csrf_token": csrf}
                path = answer_path.format(v.id)
                if v.id in doubled:
                    got = self.race(main, twin, path, form)
                    with self.lock:
                        self.duplicates += 1
                        self.duplicate_outcomes[tuple(sorted(got))] += 1
                    if sorted(got) != [303, 409]:
                        self.error(f"{student} {v.id}: duplicate submissions -> {got}")
                        if 303 not in got:
                            continue
                else:
                    status, _ = main.request("answer", "POST", path, form)
                    if status != 303:
                        self.error(f"{student} {v.id}: answer -> {status}")
                        continue
                with self.lock:
                    self.expected.add((student, v.id))
                status, body = main.request("quiz page", "GET", page)
                if status != 200 or f'id="q-{v.id}"' not in body:
                    self.error(f"{student}: GET {page} after answering -> {status}")
            if not self.args.whole_bank:
                self.think(rng)
                status, _ = main.request("hand in", "POST", f"{page}/finish", {"csrf_token": csrf})
                if status != 303:
                    self.error(f"{student}: hand in -> {status}")
        except Exception as e:  # noqa: BLE001 - counted, the run goes on
            self.error(f"{student}: {type(e).__name__}: {e}")
        finally:
            main.close()
            twin.close()

    def think(self, rng: random.Random) -> None:
        if self.args.think > 0:
            time.sleep(rng.uniform(0.5, 1.5) * self.args.think)

    def race(self, a: Client, b: Client, path: str, form: dict) -> list[int]:
        """The same answer from both connections at the same instant."""
        gate = threading.Barrier(2)
        got: list[int] = []

        def post(client):
            gate.wait()
            status, _ = client.request("answer", "POST", path, form)
            got.append(status)

        helper = threading.Thread(target=post, args=(b,))
        helper.start()
        post(a)
        helper.join(self.args.socket_timeout + 5)
        return got


def start_server(args, roster: Path, db: Path, quizzes: Path) -> tuple[subprocess.Popen, int]:
    """``grader quiz serve`` of the checkout at --server-root (default: this one)."""
    cmd = [sys.executable, "-c", "from grader.cli import main; main()", "quiz", "serve",
           "--host", HOST, "--port", "0", "--roster", str(roster), "--db", str(db),
           "--threads", str(args.threads)]
    if (args.server_root / "grader" / "quiz" / "quizzes.py").is_file():
        cmd += ["--quizzes", str(quizzes)]        # an empty file: the whole bank
    elif not args.whole_bank:
        raise SystemExit(f"{args.server_root} has no named quizzes: use --whole-bank")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"), cwd=args.server_root)
    out = ""
    deadline = time.monotonic() + 120
    while "Press Ctrl+C" not in out:
        line = proc.stdout.readline()
        if not line or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the server did not start:\n{out}{proc.stdout.read()}")
        out += line
    m = re.search(r"http://([\d.]+):(\d+)/", out)
    if not m or m.group(1) != HOST:
        proc.kill()
        raise SystemExit(f"the server does not listen on {HOST}:\n{out}")
    # keep draining its output so that it never blocks on a full pipe
    threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
    return proc, int(m.group(2))


def check_db(db: Path, expected: set[tuple[str, str]]) -> list[str]:
    problems = []
    with sqlite3.connect(db) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            problems.append(f"the gradebook is in {mode} mode, not WAL")
        count = conn.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0]
        dups = conn.execute("SELECT student, question_id, COUNT(*) FROM quiz_answers "
                            "GROUP BY student, question_id HAVING COUNT(*) > 1").fetchall()
        stored = set(conn.execute("SELECT student, question_id FROM quiz_answers").fetchall())
    if count != len(expected):
        problems.append(f"{count} answers stored, expected {len(expected)}")
    if dups:
        problems.append(f"{len(dups)} answers stored more than once, e.g. {dups[:3]}")
    if stored != expected:
        problems.append(f"stored answers differ from those accepted: "
                        f"{len(stored - expected)} extra, {len(expected - stored)} missing")
    return problems


def bench_quiz(bank, questions: int) -> str:
    """A quiz open now for an hour, 60 minutes once started, drawing from every topic."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    opens, closes = now.isoformat(), (now + timedelta(hours=2)).isoformat()
    topics = ", ".join(f'"{t}"' for t in bank.topics)
    return (f'[[quiz]]\nid = "{QUIZ_ID}"\ntitle = "Load test"\nopens = "{opens}"\n'
            f'closes = "{closes}"\ntime_limit_minutes = 60\nshow_feedback = "immediately"\n\n'
            f'[[quiz.section]]\ntitle = "Everything"\ndraw = {questions}\ntopics = [{topics}]\n')


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=200)
    p.add_argument("--questions", type=int, default=10, help="answered per student")
    p.add_argument("--duplicates", type=int, default=2,
                   help="of those, double-submitted from two connections at once")
    p.add_argument("--threads", type=int, default=16, help="the server's worker threads")
    p.add_argument("--time-limit", type=float, default=300, help="seconds for the whole run")
    p.add_argument("--socket-timeout", type=float, default=60)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "QUIZ_RESULTS.md")
    p.add_argument("--no-append", action="store_true", help="print only")
    p.add_argument("--think", type=float, default=1.0,
                   help="mean seconds a student pauses before each answer (0: none)")
    p.add_argument("--ramp", type=float, default=5.0,
                   help="students arrive spread over this many seconds (0: all at once)")
    p.add_argument("--server-root", type=Path, default=ROOT,
                   help="serve from this checkout (e.g. another branch's, as a baseline)")
    p.add_argument("--whole-bank", action="store_true",
                   help="the earlier load: the whole bank on one page, no named quiz")
    args = p.parse_args(argv)
    if not 1 <= args.students <= 2000 or not 1 <= args.questions <= 200 \
            or not 0 <= args.duplicates <= args.questions:
        p.error("--students 1..2000, --questions 1..200, --duplicates 0..questions")

    from grader.quiz import load_bank
    from grader.quiz.quizzes import load_quizzes
    bank = load_bank()
    work = Path(tempfile.mkdtemp(prefix="quiz-load-"))
    roster, db, quizzes = work / "roster.csv", work / "gradebook.db", work / "quizzes.toml"
    quizzes.write_text("" if args.whole_bank else bench_quiz(bank, args.questions), encoding="utf-8")
    quiz = None if args.whole_bank else load_quizzes(bank, quizzes)[QUIZ_ID]
    tokens = {f"s{i:04d}": secrets.token_urlsafe(12) for i in range(args.students)}
    roster.write_text("student,token\n" + "".join(f"{s},{t}\n" for s, t in tokens.items()),
                      encoding="utf-8")
    for s in tokens:                         # variants drawn before the clock starts
        bank.variant(s) if quiz is None else quiz.draw(bank, s)

    proc, port = start_server(args, roster, db, quizzes)
    run = Run(args, port, bank, quiz, tokens)
    start = threading.Barrier(args.students + 1)
    threads = [threading.Thread(target=run.student, args=(s, start), daemon=True)
               for s in tokens]
    for t in threads:
        t.start()
    run.deadline = time.monotonic() + args.time_limit
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(max(0.0, run.deadline - time.monotonic()) + args.socket_timeout + 5)
    wall = time.perf_counter() - t0
    timed_out = any(t.is_alive() for t in threads) or run.late()
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

    server_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = server_cpu.ru_utime + server_cpu.ru_stime
    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = client_cpu.ru_utime + client_cpu.ru_stime

    problems = check_db(db, run.expected)
    if run.errors:
        problems.append(f"{len(run.errors)} request errors, e.g. {run.errors[:3]}")
    if timed_out:
        problems.append(f"the run passed --time-limit {args.time_limit:g} s")
    answers_planned = args.students * args.questions
    if len(run.expected) != answers_planned:
        problems.append(f"{len(run.expected)} answers accepted of {answers_planned} planned")
    if run.duplicate_outcomes.get((303, 409), 0) != args.students * args.duplicates:
        problems.append(f"duplicate submissions: {dict(run.duplicate_outcomes)}")

    every = [x for xs in run.times.values() for x in xs]
    n_requests = len(every)
    rows = []
    for kind in ("sign-in page", "sign in", "quiz list", "start", "quiz page", "answer", "hand in"):
        xs = run.times.get(kind, [])
        if xs:
            rows.append((kind, len(xs), statistics.median(xs), pct(xs, 95), max(xs)))
    rows.append(("all requests", n_requests, statistics.median(every), pct(every, 95), max(every)))
    status_line = ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(run.statuses.items()))
    command = "python " + " ".join([os.path.relpath(__file__, ROOT)] + (argv or sys.argv[1:]))
    verdict = "all checks passed" if not problems else "FAILED: " + "; ".join(problems)

    lines = [
        f"## {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"- Command: `{command}`"
        + (f" (server: {args.server_root})" if args.server_root != ROOT else ""),
        f"- Machine: {machine()}",
        f"- Load: {args.students} students at once over loopback, {args.questions} answers each "
        f"({args.duplicates} of them double-submitted from two connections at the same instant), "
        f"each answer followed by reloading the quiz page "
        + (f"(the whole bank: {len(bank)} questions); " if args.whole_bank else
           f"(a named {args.questions}-question quiz, each student's own draw, shuffled, timed: "
           "list, start page, start, answers, hand in); ")
        + f"arriving over {args.ramp:g} s, pausing {args.think:g} s on average before each "
        f"answer; server: waitress, {args.threads} threads; client and server on the same machine",
        f"- {n_requests} requests in {wall:.2f} s: **{n_requests / wall:.0f} requests/s**, "
        f"{len(run.expected) / wall:.0f} answers stored/s; CPU: server {server_cpu:.1f} s "
        f"({server_cpu / n_requests * 1000:.1f} ms a request), "
        f"simulated students {client_cpu:.1f} s",
        f"- Gradebook: {len(run.expected)} answers stored, expected {answers_planned}; "
        f"duplicates racing: {dict(run.duplicate_outcomes)} (303 stored, 409 refused); "
        f"{verdict}",
        f"- Statuses: {status_line}",
        "",
        "| requests | n | median ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ] + [f"| {k} | {n} | {m * 1000:.1f} | {p95 * 1000:.1f} | {mx * 1000:.1f} |"
         for k, n, m, p95, mx in rows] + [""]
    text = "\n".join(lines)
    print(text)
    if not args.no_append:
        if not args.out.exists():
            args.out.write_text("# Quiz server load benchmark\n\nAppended by "
                                "`python bench/quiz_load.py` (see its docstring).\n\n",
                                encoding="utf-8")
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(text + "\n")
        print(f"appended to {args.out}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
