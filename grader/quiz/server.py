"""``grader quiz serve``: the quiz on the web.

``create_app`` builds the Flask application around the pages of
``grader/quiz/web.py`` (a blueprint), served by waitress (pure Python,
threaded).  Libraries do the security plumbing: Flask-WTF checks the CSRF
token of every POST (a form field or an ``X-CSRF-Token`` header) and
Flask-Limiter allows 30 wrong access or instructor tokens per client address
in 5 minutes (only wrong ones count).  Sessions are signed with a secret key
from the configuration or generated for each run.

Configuration (all optional), in course.toml::

    [quiz]
    attempts = 1                # answers per question in the whole-bank practice quiz
    secret_key = "..."          # signs the session cookies (else one per run)
    instructor_token = "..."    # for /instructor (else one per run, printed)

Named quizzes (their windows, timers, attempts) come from quizzes.toml beside
the bank (``grader.quiz.quizzes``); without it the whole bank is served.
"""
from __future__ import annotations

import secrets
import signal
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Callable

import click
from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from grader import quiz as quiz_api
from grader.quiz import web
from grader.quiz.quizzes import WHOLE_BANK, QuizDefinitionError, load_quizzes, whole_bank
from grader.quiz.sittings import QuizService, utc_now

TEMPLATES = Path(__file__).resolve().parent / "templates"
# No script, no frame, nothing from elsewhere: styles inline, forms to this server only.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
ERRORS = {404: "There is no such page.", 405: "This page does not take that kind of request.",
          413: "The request is too large."}


def create_app(bank, db_path: str | Path, roster: dict[str, str], *,
               instructor_token: str | None = None, secret_key: str | None = None,
               max_attempts: int = 1, title: str | None = None, quizzes: dict | None = None,
               clock: Callable[[], datetime] = utc_now) -> Flask:
    """The Flask application.  ``roster`` maps token -> student id; ``quizzes`` the named
    quizzes (None or {}: the whole bank with ``max_attempts`` per question); ``clock``
    the time the window and timer are judged by (tests move it)."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    named = bool(quizzes)
    definitions = dict(quizzes) if named else {WHOLE_BANK: whole_bank(bank, int(max_attempts))}
    service = QuizService(bank, quiz_api.QuizStore(Path(db_path)), definitions, clock=clock)
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=None)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_hex(32),
        SESSION_COOKIE_NAME="quiz_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
        WTF_CSRF_TIME_LIMIT=None,             # valid for the session: quizzes run for hours
        WTF_CSRF_HEADERS=["X-CSRF-Token", "X-CSRFToken"],
        WTF_CSRF_SSL_STRICT=False,            # served over plain HTTP on a campus network
        RATELIMIT_HEADERS_ENABLED=False,
    )
    app.extensions["quiz"] = web.QuizState(
        service=service, roster=dict(roster), named=named, title=title or "Quiz",
        instructor_token=instructor_token or secrets.token_urlsafe(18))
    CSRFProtect(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://",
                      strategy="moving-window")
    wrong_tokens = limiter.shared_limit(web.TOKEN_LIMIT, scope="tokens",
                                        deduct_when=web.token_failed)
    app.register_blueprint(web.pages)
    for endpoint in web.SIGN_IN_ENDPOINTS:                    # the limit wraps the views
        app.view_functions[endpoint] = wrong_tokens(app.view_functions[endpoint])
    # Only sign-ins are limited: every other request skips the limiter's bookkeeping
    # (measured: 8 % of a quiz page's time).
    limiter.request_filter(lambda: request.endpoint not in web.SIGN_IN_ENDPOINTS)
    app.jinja_env.globals.update(title=title or "Quiz", csrf_field=web.CSRF_FIELD)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    install_handlers(app)
    return app


def install_handlers(app: Flask) -> None:
    """Security headers on every answer; every error as a page with one clear sentence."""

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError):
        if "missing" in (e.description or "") and "session" not in (e.description or ""):
            message = ("The form's security token (CSRF) is missing: reload the page and "
                       "send it again.")
        else:
            message = ("The form's security token (CSRF) is wrong or has expired: reload the "
                       "page and send it again.")
        return web.error_page(400, message)

    @app.errorhandler(RateLimitExceeded)
    def too_many(e):
        template = "instructor_login.html" if request.path.startswith("/instructor") \
            else "login.html"
        return web.page(template, 429, error=web.TOO_MANY)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        message = ERRORS.get(e.code) if e.description == type(e).description else e.description
        return web.error_page(e.code or 500, message or e.name)


# --------------------------------------------------------------------------- #
# Serving and the command.
# --------------------------------------------------------------------------- #

def quiz_settings(config_path: Path | None) -> tuple[int, dict]:
    """(attempts per question, the whole [quiz] table) of course.toml, the file
    ``grader.course.config.load`` resolves (``--config``, else ./course.toml, else the
    project's).  The server also reads ``secret_key`` and ``instructor_token``."""
    try:
        config = quiz_api.load_quiz_config(config_path)
    except quiz_api.QuizConfigError as e:
        raise click.ClickException(str(e)) from None
    table: dict = {}
    if config.path is not None:
        data = tomllib.loads(Path(config.path).read_text(encoding="utf-8"))
        table = data.get("quiz", {}) if isinstance(data.get("quiz"), dict) else {}
    for key in ("secret_key", "instructor_token", "title"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise click.ClickException(f"{config.path}: [quiz].{key} must be a non-empty string")
    for key in ("secret_key", "instructor_token"):
        if table.get(key) and len(table[key]) < 16:
            raise click.ClickException(f"{config.path}: [quiz].{key} is too short "
                                       "(at least 16 characters)")
    return config.attempts, table


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 16,
                connection_limit: int = 1000):
    """A waitress server bound to ``host`` only (``port`` 0: a free one)."""
    from waitress import create_server
    return create_server(app, host=host, port=port, threads=threads,
                         connection_limit=connection_limit, asyncore_use_poll=True,
                         channel_timeout=60, ident="grader-quiz",
                         clear_untrusted_proxy_headers=True)


def stop_server(server) -> None:
    """Stop a server whose ``run()`` is in another thread: the listening socket,
    the open (keep-alive) connections, then the worker threads."""
    server.close()
    while server._map:
        for channel in list(server._map.values()):
            channel.handle_close()
    server.task_dispatcher.shutdown()


def server_url(server) -> str:
    host, port = server.effective_host, server.effective_port
    if ":" in str(host):
        host = f"[{host}]"
    return f"http://{host}:{port}"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this one; 0.0.0.0 opens it to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--roster", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV of the students' access tokens (columns student,token).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/gradebook.db"), show_default=True,
              help="The gradebook the answers are stored in.")
@click.option("--bank", "bank_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Question bank (default: the course's).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None,
              help="course.toml with a [quiz] table (default: ./course.toml, else the project's).")
@click.option("--max-attempts", type=click.IntRange(1, 100), default=None,
              help="Answers allowed per question "
                   "(default: [quiz].attempts of course.toml, else 1).")
@click.option("--quizzes", "quizzes_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None,
              help="Named quiz definitions (default: quizzes.toml beside the bank; without "
                   "any, the whole bank is served).")
@click.option("--threads", type=click.IntRange(1, 256), default=16, show_default=True,
              help="Worker threads of the web server.")
def serve(host, port, roster, db_path, bank_path, config_path, max_attempts, quizzes_path,
          threads):
    """Serve the quizzes on the web: each student signs in with their roster
    token and takes their own draw of each named quiz (within its window and
    time limit); answers are graded on the server and stored in the gradebook."""
    quiz = quiz_api
    attempts, settings = quiz_settings(config_path)
    if max_attempts:
        attempts = max_attempts
    from grader.course.bundle import BundleMissing
    try:
        bank = quiz.load_bank(bank_path)
    except (quiz.BankError, BundleMissing) as e:
        raise click.ClickException(str(e)) from None
    try:
        quizzes = load_quizzes(bank, quizzes_path)
    except QuizDefinitionError as e:
        raise click.ClickException(str(e)) from None
    try:
        tokens = quiz.load_roster(roster)
    except quiz.RosterError as e:
        raise click.ClickException(str(e)) from None
    if not tokens:
        raise click.ClickException(f"the roster {roster} lists no students")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    instructor_token = str(settings.get("instructor_token") or "") or secrets.token_urlsafe(18)
    title = settings.get("title")
    if not title:
        from grader.course import config as course_config
        try:
            title = f"{course_config.load(config_path).name} · quiz"
        except course_config.ConfigError:
            title = None
    app = create_app(bank, db_path, tokens, instructor_token=instructor_token,
                     secret_key=settings.get("secret_key") or None, max_attempts=attempts,
                     title=title, quizzes=quizzes)
    app.extensions["quiz"].service.warm(sorted(set(tokens.values())))
    try:
        server = make_server(app, host, port, threads=threads)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    url = server_url(server)
    what = (f"quizzes {', '.join(quizzes)}" if quizzes
            else f"the whole bank, {attempts} attempt(s) per question")
    click.echo(f"Serving {what} to {len(set(tokens.values()))} students on {url}/ "
               f"(gradebook: {db_path})")
    if settings.get("instructor_token"):
        click.echo(f"Instructor page: {url}/instructor (token from [quiz].instructor_token)")
    else:
        click.echo(f"Instructor page: {url}/instructor  token: {instructor_token}")
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["quiz"].close()
        click.echo("Stopped.")


if __name__ == "__main__":
    serve()
