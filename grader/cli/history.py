"""`grader history`: every attempt, override and removal of one student, and
the final score, oldest first."""
from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import gradebook_or_fail


@click.command("history")
@click.argument("out", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("student")
def history_cmd(out, student):
    """Print STUDENT's grading history from DIR/gradebook.db: each attempt
    (content hash, time, automatic score), each override added or removed
    (who, when, why), then the final score."""
    from grader.review import history
    from grader.store.gradebook import Gradebook
    with Gradebook(gradebook_or_fail(out)) as gb:
        found = history.timeline(gb, student)
    if not found["events"]:
        raise click.ClickException(f"{student} has no history in {out / 'gradebook.db'}")
    for line in history.lines(found):
        click.echo(line)
