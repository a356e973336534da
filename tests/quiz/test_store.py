"""QuizStore on real SQLite files: attempts, exactly-once under concurrency, scores."""
import multiprocessing as mp
import sqlite3
import threading

import pytest

from grader.store.gradebook import Gradebook
from grader.quiz import AlreadyAnswered, QuizStore, Verdict, grade_answer, quiz_scores

RIGHT = Verdict(True, 1.0, 1.0, "ok")
WRONG = Verdict(False, 0.0, 1.0, "no")


def test_one_answer_per_question_by_default(tmp_path):
    store = QuizStore(tmp_path / "gradebook.db")
    assert store.record("alice", "q1", "b", WRONG) == 1
    with pytest.raises(AlreadyAnswered, match="already used 1 of 1 attempt"):
        store.record("alice", "q1", "a", RIGHT)
    assert store.record("bob", "q1", "a", RIGHT) == 1
    assert store.record("alice", "q2", ["a", "c"], RIGHT, params={"x": [1, 2]}) == 1
    rows = store.answers("alice")
    assert [(r["question_id"], r["attempt"], r["answer"], r["correct"]) for r in rows] == \
        [("q1", 1, "b", False), ("q2", 1, ["a", "c"], True)]
    assert rows[1]["params"] == {"x": [1, 2]} and rows[1]["answered_at"]
    assert store.attempts("alice", "q1") == (1, 0.0, False)


def test_more_attempts_when_allowed_and_stop_after_correct(tmp_path):
    store = QuizStore(tmp_path / "gb.db")
    assert store.record("alice", "q", "x", WRONG, max_attempts=3) == 1
    assert store.record("alice", "q", "y", RIGHT, max_attempts=3) == 2
    with pytest.raises(AlreadyAnswered, match="already answered it correctly"):
        store.record("alice", "q", "z", RIGHT, max_attempts=3)
    assert store.attempts("alice", "q") == (2, 1.0, True)
    with pytest.raises(ValueError):
        store.record("alice", "q2", "z", RIGHT, max_attempts=0)


def test_shares_the_gradebook_file_in_wal_mode(tmp_path):
    db = tmp_path / "out" / "gradebook.db"
    Gradebook(db).close()
    store = QuizStore(db)
    store.record("alice", "q", "a", RIGHT)
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"attempts", "test_results", "quiz_answers"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.IntegrityError):     # the UNIQUE constraint itself
        conn.execute("INSERT INTO quiz_answers (student, question_id, attempt, answer, correct,"
                     " score, max_score, answered_at) VALUES ('alice','q',1,'\"b\"',0,0,1,'now')")
    conn.close()


def test_many_threads_store_exactly_once(tmp_path):
    store = QuizStore(tmp_path / "gb.db")
    results, barrier = [], threading.Barrier(16)

    def worker(i):
        barrier.wait()
        try:
            results.append(store.record("alice", "q", str(i), RIGHT if i % 2 else WRONG,
                                        max_attempts=3))
        except AlreadyAnswered:
            results.append(None)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = [r for r in results if r is not None]
    assert len(stored) == len(store.answers("alice")) >= 1
    assert sorted(stored) == list(range(1, len(stored) + 1))
    rows = store.answers("alice")
    # at most 3 attempts, and nothing after the first correct one
    assert len(rows) <= 3
    first_right = next((r["attempt"] for r in rows if r["correct"]), None)
    assert first_right is None or first_right == len(rows)


def _process_worker(args):
    db, i = args
    from grader.quiz import AlreadyAnswered, QuizStore, Verdict
    try:
        return QuizStore(db).record("carol", "q1", str(i), Verdict(False, 0.0, 1.0, ""))
    except AlreadyAnswered:
        return None


def test_many_processes_store_exactly_once(tmp_path):
    db = str(tmp_path / "gb.db")
    QuizStore(db)
    with mp.get_context("spawn").Pool(8) as pool:
        results = pool.map(_process_worker, [(db, i) for i in range(24)])
    assert results.count(1) == 1 and results.count(None) == 23
    assert len(QuizStore(db).answers("carol")) == 1


def test_results_and_quiz_scores(tmp_path, small_bank):
    db = tmp_path / "gradebook.db"
    store = QuizStore(db)
    alice = {v.id: v for v in small_bank.variant("alice")}
    store.record("alice", "num", "1.1", grade_answer(alice["num"], "1.1"))            # 2 / 2
    store.record("alice", "multi", ["a", "b"], grade_answer(alice["multi"], ["a", "b"]))  # 2 / 3
    store.record("bob", "tf", "false", grade_answer(alice["tf"], "false"))            # 0 / 1
    res = {r["student"]: r for r in store.results()}
    assert res["alice"]["score"] == pytest.approx(4.0, abs=1e-5)
    assert res["alice"]["max_score"] == 5.0 and res["alice"]["answered"] == 2
    assert res["alice"]["correct"] == 1 and res["bob"]["score"] == 0.0
    scores = quiz_scores(db, total=small_bank.total_points)
    assert scores == {"alice": (pytest.approx(4.0, abs=1e-5), 8.0), "bob": (0.0, 8.0)}
    # default total: the real bank's points
    from grader.quiz import load_bank
    assert quiz_scores(db)["alice"][1] == load_bank().total_points
    assert quiz_scores(tmp_path / "missing.db") == {}
    Gradebook(tmp_path / "empty" / "gradebook.db").close()
    assert quiz_scores(tmp_path / "empty" / "gradebook.db") == {}


def test_best_attempt_counts(tmp_path):
    db = tmp_path / "gb.db"
    store = QuizStore(db)
    store.record("dave", "q", "x", Verdict(False, 0.5, 1.0, ""), max_attempts=3)
    store.record("dave", "q", "y", Verdict(False, 0.0, 1.0, ""), max_attempts=3)
    assert quiz_scores(db, total=1.0) == {"dave": (0.5, 1.0)}
