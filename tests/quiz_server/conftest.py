"""Fixtures of the quiz server tests: the course's real question bank, a roster,
the Flask application over a fresh gradebook, the real waitress server on a
free loopback port, and headless Chromium driven by Selenium."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # quiz_server_helpers, in any import mode

from quiz_server_helpers import INSTRUCTOR_TOKEN, STUDENTS  # noqa: E402

from grader.quiz import QuizStore, load_bank, load_roster  # noqa: E402
from grader.quiz.server import create_app, make_server, server_url, stop_server  # noqa: E402


@pytest.fixture(scope="session")
def bank():
    """The course's own question bank (reference/quiz/)."""
    return load_bank()


@pytest.fixture(scope="session")
def roster_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    lines = ["student,token"] + [f"{s},tok-{s}-{i:04d}x" for i, s in enumerate(STUDENTS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def roster(roster_csv) -> dict[str, str]:
    """token -> student, read by the quiz package's own loader."""
    return load_roster(roster_csv)


@pytest.fixture(scope="session")
def tokens(roster) -> dict[str, str]:
    """student -> token."""
    return {s: t for t, s in roster.items()}


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "out" / "gradebook.db"


@pytest.fixture
def make_app(bank, roster, db_path):
    def make(**kw):
        kw.setdefault("instructor_token", INSTRUCTOR_TOKEN)
        kw.setdefault("secret_key", "a-test-secret-key-0123456789")
        app = create_app(bank, db_path, roster, **kw)
        app.config["TESTING"] = True
        return app
    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def store(db_path):
    return QuizStore(db_path)


@pytest.fixture
def live_server(bank, roster, tmp_path):
    """The real waitress server on a free port of 127.0.0.1, in a thread."""
    db = tmp_path / "live" / "gradebook.db"
    app = create_app(bank, db, roster, instructor_token=INSTRUCTOR_TOKEN)
    server = make_server(app, "127.0.0.1", 0, threads=8)
    thread = threading.Thread(target=server.run, name="quiz-server", daemon=True)
    thread.start()
    try:
        yield {"url": server_url(server), "db": db, "app": app}
    finally:
        stop_server(server)
        thread.join(timeout=10)
        assert not thread.is_alive(), "the server did not stop"
        app.extensions["quiz"].close()
