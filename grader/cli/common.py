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


def _consent(ctx, param, value):
    """--unsafe-no-sandbox: the environment carries it to worker processes."""
    import os
    from grader.sandbox.isolation import UNSAFE_ENV
    if value:
        os.environ[UNSAFE_ENV] = "1"
    return value


unsafe_option = click.option(
    "--unsafe-no-sandbox", is_flag=True, expose_value=False, callback=_consent,
    help="Run student code even where it cannot be sandboxed (not root, no bubblewrap): "
         "it then has your rights. Only for code you trust.")


def sandbox_or_fail():
    """The sandbox this machine gives, or a one-sentence refusal (see
    isolation.require_sandbox)."""
    from grader.sandbox import isolation
    try:
        return isolation.require_sandbox(isolation.probe())
    except isolation.SandboxRefused as e:
        raise click.ClickException(str(e)) from None
