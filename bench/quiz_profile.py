"""Where the quiz server's time goes, per request: pyinstrument over the same requests
as bench/quiz_load.py, made in-process through Flask's test client (one thread, so the
profile is the server's own work: no sockets, no waiting).

    python bench/quiz_profile.py [--students 50] [--questions 10] [--html out.html]

Prints the profile (and the mean CPU milliseconds per request) and, with --html,
writes pyinstrument's HTML report.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pyinstrument import Profiler  # noqa: E402

from grader.quiz import load_bank  # noqa: E402
from grader.quiz.quizzes import load_quizzes  # noqa: E402
from grader.quiz.server import create_app  # noqa: E402
from quiz_load import QUIZ_ID, answer_for, bench_quiz  # noqa: E402

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def take(app, token: str, quiz, bank, student: str, rng) -> int:
    c = app.test_client()
    csrf = CSRF_RE.search(c.get("/").get_data(as_text=True)).group(1)
    c.post("/login", data={"token": token, "csrf_token": csrf})
    c.get("/quiz")
    page = f"/quizzes/{QUIZ_ID}"
    body = c.get(page).get_data(as_text=True)
    c.post(page + "/start", data={"csrf_token": CSRF_RE.search(body).group(1)})
    body = c.get(page).get_data(as_text=True)
    csrf = CSRF_RE.search(body).group(1)
    n = 7
    for v in quiz.draw(bank, student):
        c.post(f"{page}/answer/{v.id}", data={"answer": answer_for(v, rng), "csrf_token": csrf})
        c.get(page)
        n += 2
    c.post(page + "/finish", data={"csrf_token": csrf})
    return n + 1


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=50)
    p.add_argument("--questions", type=int, default=10)
    p.add_argument("--html", type=Path, default=None)
    p.add_argument("--all", action="store_true", help="show library frames too")
    args = p.parse_args()
    bank = load_bank()
    work = Path(tempfile.mkdtemp(prefix="quiz-profile-"))
    (work / "quizzes.toml").write_text(bench_quiz(bank, args.questions), encoding="utf-8")
    quizzes = load_quizzes(bank, work / "quizzes.toml")
    tokens = {f"tok-{i:04d}-abcdef": f"s{i:04d}" for i in range(args.students)}
    app = create_app(bank, work / "gradebook.db", tokens, quizzes=quizzes,
                     secret_key="profile-secret-key-0123456789")
    rng = random.Random(0)
    take(app, "tok-9999", quizzes[QUIZ_ID], bank, "warm-up", rng) if False else None
    profiler = Profiler(interval=0.0005)
    cpu0 = time.process_time()
    profiler.start()
    requests = sum(take(app, t, quizzes[QUIZ_ID], bank, s, rng) for t, s in tokens.items())
    profiler.stop()
    cpu = time.process_time() - cpu0
    print(profiler.output_text(unicode=True, color=False, show_all="--all" in sys.argv[1:]))
    print(f"{requests} requests, {cpu / requests * 1000:.2f} ms CPU a request (profiler included)")
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
