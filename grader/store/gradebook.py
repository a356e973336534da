"""The SQLite gradebook: the source of truth every report is rendered from.

Each grading of a submission is one row of ``attempts`` (history is kept);
the newest attempt per student is marked current.  Recording an attempt is
one transaction, so a grader killed at any moment leaves either the whole
attempt or none of it, and a re-run picks up where it stopped.
"""
from __future__ import annotations

import json
from pathlib import Path

from grader.store.db import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    exercises TEXT NOT NULL,          -- which exercises were graded, comma-separated
    submitted_at TEXT,
    graded_at TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    late_penalty REAL NOT NULL,
    current INTEGER NOT NULL DEFAULT 1,
    record TEXT NOT NULL              -- the full StudentResult as JSON
);
CREATE INDEX IF NOT EXISTS attempts_student ON attempts(student, current);
CREATE TABLE IF NOT EXISTS test_results (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    visibility TEXT NOT NULL,
    feedback TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS test_results_attempt ON test_results(attempt_id);
"""


class Gradebook:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.path)
        self.db.executescript(SCHEMA)

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def current_of(self, student: str, sha256: str) -> dict | None:
        """The current record of ``student`` if it graded these exact files."""
        row = self.db.execute(
            "SELECT record FROM attempts WHERE student=? AND current=1 AND sha256=?",
            (student, sha256)).fetchone()
        return json.loads(row[0]) if row else None

    def is_graded(self, student: str, sha256: str, exercises) -> bool:
        """True if the current attempt graded these exact files for all ``exercises``."""
        record = self.current_of(student, sha256)
        return record is not None and set(exercises) <= {ex["name"] for ex in record["exercises"]}

    def record(self, result) -> int:
        """Store one attempt and make it current, in one transaction."""
        rec = result.to_record()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("UPDATE attempts SET current=0 WHERE student=?", (result.student,))
            cur = self.db.execute(
                "INSERT INTO attempts (student, sha256, exercises, submitted_at, graded_at, score,"
                " max_score, late_penalty, current, record) VALUES (?,?,?,?,?,?,?,?,1,?)",
                (result.student, result.sha256, ",".join(ex.name for ex in result.exercises), result.submitted_at,
                 result.graded_at, result.score, result.max_score, result.late_penalty,
                 json.dumps(rec)))
            attempt = cur.lastrowid
            self.db.executemany(
                "INSERT INTO test_results VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(attempt, ex.name, i, t.name, t.status, t.score, t.max_score, t.visibility,
                  t.feedback, t.details) for ex in result.exercises for i, t in enumerate(ex.tests)])
        return attempt

    def current(self) -> list[dict]:
        """The current attempt of every student, as records, by student id."""
        rows = self.db.execute(
            "SELECT record FROM attempts WHERE current=1 ORDER BY student").fetchall()
        return [json.loads(r[0]) for r in rows]

    def history(self, student: str) -> list[tuple]:
        return self.db.execute(
            "SELECT id, sha256, graded_at, score, current FROM attempts WHERE student=? ORDER BY id",
            (student,)).fetchall()
