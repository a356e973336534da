"""``grader quiz take``: the student's quiz in the terminal, graded as it goes.

Answers go to the same gradebook tables as the web server's (``QuizStore``),
with the same attempt limit; a question already answered (here or on the web)
is skipped, so an interrupted quiz resumes where it stopped.
"""
from __future__ import annotations

import hmac

import click

from grader.quiz.bank import Bank
from grader.quiz.grading import InvalidAnswer, grade_answer
from grader.store.quiz_answers import AlreadyAnswered, QuizStore

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
    head = f"Question {i}/{n}  [{v.topic}]  ({v.points:g} point{'s' if v.points != 1 else ''})"
    if attempts > 1:
        head += f"  attempt {used + 1} of {attempts}"
    click.secho(head, bold=True)
    click.echo(v.prompt)
    if v.type in ("single_choice", "multiple_choice"):
        for c in v.choices:
            click.echo(f"  {c['id']}) {c['text']}")
    elif v.type == "true_false":
        click.echo("  true / false")


def run_quiz(bank: Bank, store: QuizStore, student: str, attempts: int = 1,
             echo=click.echo) -> tuple[float, float]:
    """Ask every open question of ``student``'s variant; returns ``(score, max_score)``."""
    variants = bank.variant(student)
    n = len(variants)
    echo(f"Quiz for {student}: {n} questions, {bank.total_points:g} points; "
         f"{attempts} attempt{'s' if attempts != 1 else ''} per question. "
         "Press Ctrl-C to stop; your answers so far are kept.")
    for i, v in enumerate(variants, start=1):
        while True:
            used, best, solved = store.attempts(student, v.id)
            if solved or used >= attempts:
                if used:
                    echo(f"\nQuestion {i}/{n} ({v.id}): already answered "
                         f"({best:g}/{v.points:g}).")
                break
            _show_question(i, n, v, used, attempts)
            raw = click.prompt(f"Your answer ({HINTS[v.type]})", default="", show_default=False)
            last = used + 1 >= attempts
            try:
                verdict = grade_answer(v, raw, reveal=last)
            except InvalidAnswer as e:
                echo(f"Not an answer: {e}. Try again (no attempt used).")
                continue
            answer = raw if v.type != "multiple_choice" else _ids(raw, v)
            try:
                store.record(student, v.id, answer, verdict, max_attempts=attempts,
                             params=v.params)
            except AlreadyAnswered as e:
                echo(str(e))
                break
            colour = "green" if verdict.correct else ("yellow" if verdict.score > 0 else "red")
            click.secho(f"{verdict.score:g}/{verdict.max_score:g}", fg=colour, bold=True)
            echo(verdict.feedback)
            if verdict.correct or last:
                break
    rows = [r for r in store.results() if r["student"] == student]
    score = rows[0]["score"] if rows else 0.0
    echo("")
    click.secho(f"Quiz score for {student}: {score:g} / {bank.total_points:g}", bold=True)
    return score, bank.total_points


def _ids(raw: str, v) -> list[str]:
    from grader.quiz.grading import _choice_ids
    return _choice_ids(raw, v)
