"""What every verb of the ``grader`` command shares: the course.toml loader that
turns a configuration error into one sentence, the exercise choice, and the
grading bundle lookup."""
from __future__ import annotations

from pathlib import Path

import click

from grader.course import config as course_config

EXERCISE_CHOICE = click.Choice(course_config.EXERCISES)


def load_config(path):
    """The course configuration, or a one-sentence error."""
    try:
        return course_config.load(path)
    except course_config.ConfigError as e:
        raise click.ClickException(str(e)) from None


def bundle_root_or_fail(why: str) -> Path:
    """The folder holding reference/ (the grading bundle), or a one-sentence error saying why it is needed."""
    from grader.course.bundle import BundleMissing, bundle_root
    try:
        return bundle_root()
    except BundleMissing as e:
        raise click.ClickException(f"{e} ({why})") from None


def gradebook_or_fail(out: Path) -> Path:
    """``OUT/gradebook.db``, or a one-sentence error if nothing was graded there."""
    db = Path(out) / "gradebook.db"
    if not db.is_file():
        raise click.ClickException(f"{db} does not exist: run `grader grade` first")
    return db


def rewrite_reports(db: Path, config, students=None) -> list[dict]:
    """Render every output in ``db``'s folder from the gradebook, overrides
    applied (only the per-student files of ``students`` when given; the class
    files always).  No student code runs.  The records rendered."""
    from grader import reports
    from grader.review.overrides import reviewed
    from grader.store.gradebook import Gradebook
    with Gradebook(db) as gb:
        records = reports.with_quiz(reviewed(gb.current(), gb), db)
    out = Path(db).parent
    for record in records:
        if students is None or record["student"] in students:
            reports.write_student(record, out)
    reports.write_class(records, out, config.name)
    return records
