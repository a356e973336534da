"""``grader quiz take``: a quiz in the terminal, graded as it goes.

The same ``QuizService`` as the web pages: the same draw, window and
server-side timer (the deadline is checked when each answer is stored, so an
answer typed after time is up is refused, as on the web), the same attempt
limit and the same rule for when verdicts and feedback show.  Answers go to
the same gradebook tables; a question already answered (here or on the web)
is skipped, so an interrupted quiz resumes where it stopped.
"""
from __future__ import annotations

import hmac

import click

from grader.quiz.grading import InvalidAnswer, choice_ids
from grader.quiz.sittings import QuizService, QuizUnavailable, duration
from grader.store.quiz_answers import AlreadyAnswered

HINTS = {
    "single_choice": "one letter",
    "true_false": "true or false",
    "multiple_choice": "all correct letters, e.g. a,c",
    "numeric": "a number",
    "parameterised": "a number",
}


def check_token(student: str, roster: dict[str, str], prompt=click.prompt, tries: int = 3) -> bool:
    """Ask for ``student``'s access token (hidden input); True when it matches the roster."""
    expected = [t for t, s in roster.items() if s == student]
    if not expected:
        raise click.ClickException(f"student {student} is not on the roster")
    for _ in range(tries):
        token = prompt("Access token", hide_input=True, default="", show_default=False)
        if hmac.compare_digest(token.strip().encode(), expected[0].encode()):
            return True
        click.echo("That token does not match.", err=True)
    return False


def _show_question(i: int, n: int, v, used: int, attempts: int):
    click.echo("")
    head = f"Question {i}/{n}  [{v.topic_title}]  ({v.points:g} point{'s' if v.points != 1 else ''})"
    if attempts > 1:
        head += f"  attempt {used + 1} of {attempts}"
    click.secho(head, bold=True)
    click.echo(v.prompt)
    if v.type in ("single_choice", "multiple_choice"):
        for c in v.choices:
            click.echo(f"  {c['id']}) {c['text']}")
    elif v.type == "true_false":
        click.echo("  true / false")


def open_quiz(service: QuizService, quiz_id: str, student: str, confirm=click.confirm,
              echo=click.echo) -> bool:
    """Say where the quiz stands; start a timed quiz when the student agrees.  False when
    there is nothing to answer (not open, closed, over, or not started)."""
    status = service.status(quiz_id, student)
    quiz = service.quiz(quiz_id)
    if quiz_id:
        echo(f"{quiz.title}: {status.explain()}")
    if status.state == "ready":
        if not confirm(f"Start now? The {status.time_limit:g} minutes run from now, "
                       "even if you leave", default=False):
            return False
        try:
            status = service.start(quiz_id, student)
        except QuizUnavailable as e:
            echo(str(e))
            return False
        echo(status.explain())
    return status.state == "running"


def run_quiz(service: QuizService, quiz_id: str, student: str, echo=click.echo,
             prompt=click.prompt, confirm=click.confirm) -> tuple[float, float]:
    """Ask every open question of ``student``'s draw; returns ``(score, max_score)``."""
    quiz = service.quiz(quiz_id)
    variants = service.questions(quiz_id, student)
    n, total = len(variants), sum(v.points for v in variants)
    if open_quiz(service, quiz_id, student, confirm, echo):
        echo(f"Quiz for {student}: {n} questions, {total:g} points; {quiz.attempts} "
             f"attempt{'s' if quiz.attempts != 1 else ''} per question. "
             "Press Ctrl-C to stop; your answers so far are kept.")
        if not _ask_all(service, quiz_id, student, variants, echo, prompt):
            echo("Time is up: your answer was not stored; no more answers are accepted.")
        if quiz_id:
            service.finish(quiz_id, student)
    score, max_score = service.score(quiz_id, student)
    echo("")
    if service.status(quiz_id, student).feedback_visible:
        click.secho(f"Quiz score for {student}: {score:g} / {max_score:g}", bold=True)
    else:
        click.secho(f"Your answers are stored; points and feedback are shown "
                    f"{'after the quiz closes' if quiz.show_feedback == 'after_close' else 'later'}.",
                    bold=True)
    return score, max_score


def _ask_all(service, quiz_id, student, variants, echo, prompt) -> bool:
    """Ask each question until answered; False when time ran out on the way."""
    quiz = service.quiz(quiz_id)
    n = len(variants)
    for i, v in enumerate(variants, start=1):
        while True:
            used, best, solved = service.store.attempts(student, v.id, quiz_id)
            if solved or used >= quiz.attempts:
                if used:
                    echo(f"\nQuestion {i}/{n} ({v.id}): already answered"
                         + (f" ({best:g}/{v.points:g})." if service.status(
                             quiz_id, student).feedback_visible else "."))
                break
            status = service.status(quiz_id, student)
            if status.state != "running":
                return False
            _show_question(i, n, v, used, quiz.attempts)
            if status.seconds_left is not None:
                echo(f"(time left: {duration(status.seconds_left)})")
            raw = prompt(f"Your answer ({HINTS[v.type]})", default="", show_default=False)
            answer = raw
            try:
                if v.type == "multiple_choice":
                    answer = choice_ids(raw, v)
                verdict = service.answer(quiz_id, student, v.id, answer)
            except InvalidAnswer as e:
                echo(f"Not an answer: {e}. Try again (no attempt used).")
                continue
            except QuizUnavailable:
                return False
            except AlreadyAnswered as e:
                echo(str(e))
                break
            visible = service.status(quiz_id, student).feedback_visible
            if visible:
                colour = "green" if verdict.correct else ("yellow" if verdict.score > 0 else "red")
                click.secho(f"{verdict.score:g}/{verdict.max_score:g}", fg=colour, bold=True)
                echo(verdict.feedback)
            else:
                echo("Answer recorded.")
            if verdict.correct or used + 1 >= quiz.attempts or not visible:
                break                  # hidden verdicts: one answer, as on the web page
    return True
