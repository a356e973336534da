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
