"""Fixtures of the quiz server tests: the course's real question bank, a roster,
the Flask application over a fresh gradebook, the real waitress server on a
free loopback port, and headless Chromium driven by Selenium."""
from __future__ import annotations

import shutil
import sys
import tempfile
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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Selenium, with Debian's chromedriver given
    explicitly (Selenium Manager never runs, nothing is downloaded)."""
    chromium, chromedriver = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (chromium.exists() and chromedriver.exists()):
        pytest.skip("headless browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                    "(apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="grader-quiz-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run",
                "--no-default-browser-check", "--window-size=1280,900",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
