"""The one way this project opens its SQLite file (``DIR/gradebook.db``).

The gradebook, the quiz answers and the review tables live in one file that
several processes write at once (a grading run, the quiz server, an
instructor's ``grader override``): WAL lets readers and one writer proceed
together, the busy timeout makes a second writer wait instead of failing,
and autocommit (``isolation_level=None``) leaves every transaction explicit
(``BEGIN IMMEDIATE`` ... ``COMMIT``) in the module that owns the table."""
from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_SECONDS = 30


def connect(path: Path | str, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection with the pragmas every writer of the gradebook file relies on."""
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=check_same_thread)
    db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db
