"""`grader quiz export | take | serve`."""
from __future__ import annotations

import sys
from pathlib import Path

import click



class _QuizGroup(click.Group):
    """``grader quiz``: ``export`` and ``take`` here; ``serve`` comes from
    grader/quiz/server.py (its ``serve`` click command), imported only when used."""

    def list_commands(self, ctx):
        names = set(super().list_commands(ctx))
        if (Path(__file__).parent.parent / "quiz" / "server.py").is_file():
            names.add("serve")
        return sorted(names)

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        if cmd is None and name == "serve":
            try:
                from grader.quiz.server import serve as cmd
            except ImportError as e:
                raise click.ClickException(f"the quiz web server is not available: {e}") from None
        return cmd


@click.group(cls=_QuizGroup)
def quiz():
    """The quiz: export the question bank, take it in the terminal, serve it on the web."""


def _quiz_bank(bank_path):
    from grader.quiz import BankError, load_bank
    from grader.course.bundle import BundleMissing
    try:
        return load_bank(bank_path)
    except (BankError, BundleMissing) as e:
        raise click.ClickException(str(e)) from None


def _named_quizzes(bank, quizzes_path):
    from grader.quiz.quizzes import QuizDefinitionError, load_quizzes
    try:
        return load_quizzes(bank, quizzes_path)
    except QuizDefinitionError as e:
        raise click.ClickException(str(e)) from None


def _pick(quizzes: dict, quiz_id: str | None, required: bool):
    """The named quiz ``quiz_id``; None for the whole bank (allowed only when the
    course defines no named quiz, or ``required`` is False)."""
    if quiz_id is None:
        if quizzes and required:
            raise click.ClickException(f"name the quiz with --quiz: {', '.join(quizzes)}")
        return None
    if quiz_id not in quizzes:
        known = ", ".join(quizzes) or "none are defined (quizzes.toml beside the bank)"
        raise click.ClickException(f"no quiz {quiz_id!r}; the named quizzes are: {known}")
    return quizzes[quiz_id]


QUIZZES_OPTION = click.option(
    "--quizzes", "quizzes_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None, help="Named quiz definitions (default: quizzes.toml beside the bank).")


@quiz.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "gift", "moodle-xml"]), required=True,
              help="json (with answers and params), Moodle GIFT, or Moodle XML.")
@click.option("--quiz", "quiz_id", default=None,
              help="Export this named quiz: its sections as categories and, in Moodle XML, "
                   "random questions drawing from them (without --quiz: the whole bank).")
@click.option("--student", default=None,
              help="Export this student's own variant (their draw, order and numbers). Without "
                   "it, parameterised questions are exported as a template drawn with the fixed "
                   "seed 0.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@click.option("--bank", "bank_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Question bank folder or file (default: reference/quiz/ of the bundle).")
@QUIZZES_OPTION
def quiz_export(fmt, quiz_id, student, out, bank_path, quizzes_path):
    """Export the question bank or one named quiz (json, gift or moodle-xml) to --out."""
    from grader.quiz.export import TEMPLATE_NOTE, export_quiz_text, export_text
    bank = _quiz_bank(bank_path)
    definition = _pick(_named_quizzes(bank, quizzes_path), quiz_id, required=False)
    if definition is None:
        text, count = export_text(bank, fmt, student), len(bank)
    else:
        text = export_quiz_text(bank, definition, fmt, student)
        count = definition.question_count
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    which = f"the variant of {student}" if student else (
        "sections as categories" if definition is not None else TEMPLATE_NOTE)
    what = f"quiz {definition.id}, {count} questions" if definition is not None \
        else f"{count} questions"
    click.echo(f"Wrote {what} ({fmt}; {which}) to {out}")


@quiz.command("take")
@click.option("--student", required=True, help="Your student id.")
@click.option("--quiz", "quiz_id", default=None,
              help="The named quiz to take (required when the course defines named quizzes).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Roster CSV (student,token): if given, the student must be on it and "
                   "enter their access token.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out") / "gradebook.db", show_default=True,
              help="The gradebook database the answers are stored in.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml with the [quiz] table (default: ./course.toml, else the project's).")
@click.option("--bank", "bank_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Question bank folder or file (default: reference/quiz/ of the bundle).")
@QUIZZES_OPTION
def quiz_take(student, quiz_id, roster, db_path, config_path, bank_path, quizzes_path):
    """Take a quiz in the terminal, within its window and time limit: each answer is
    graded at once and stored."""
    from grader.quiz import QuizConfigError, QuizStore, RosterError, load_quiz_config, load_roster
    from grader.quiz.quizzes import whole_bank
    from grader.quiz.sittings import QuizService
    from grader.quiz.terminal import check_token, run_quiz
    student = student.strip()
    if not student:
        raise click.ClickException("--student must not be empty")
    try:
        settings = load_quiz_config(config_path)
    except QuizConfigError as e:
        raise click.ClickException(str(e)) from None
    bank = _quiz_bank(bank_path)
    definition = _pick(_named_quizzes(bank, quizzes_path), quiz_id, required=True)
    if roster is not None:
        try:
            tokens = load_roster(roster)
        except RosterError as e:
            raise click.ClickException(str(e)) from None
        if not check_token(student, tokens):
            raise click.ClickException("wrong access token")
    definition = definition or whole_bank(bank, settings.attempts)
    service = QuizService(bank, QuizStore(db_path), {definition.id: definition})
    try:
        run_quiz(service, definition.id, student)
    except click.Abort:
        click.echo("\nStopped; the answers given so far are stored.", err=True)
        sys.exit(130)
