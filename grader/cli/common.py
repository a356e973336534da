"""What every verb of the ``grader`` command shares: the course.toml loader that
turns a configuration error into one sentence, the exercise choice, and the
grading bundle lookup."""
from __future__ import annotations

from pathlib import Path

import click

from grader.course import config as course_config



class ExerciseName(click.ParamType):
    """An exercise of the course, checked against the exercises of the
    course.toml the command reads: its ``--config`` (declared eager, so it is
    read first), else the course folder's (grader/course/bundle.py).  Help
    and errors look like a ``click.Choice`` of those names."""

    name = "exercise"

    def __init__(self, *, here: bool = True):
        self.here = here  # False for `grader ci`: a student's course.toml is not read

    def exercises(self, ctx: click.Context | None) -> tuple[str, ...]:
        params = ctx.params if ctx is not None else {}
        path, bundle = (v if isinstance(v, Path) else None  # not given: None, or click's "unset" marker
                        for v in (params.get("config_path"), params.get("bundle_path")))
        if path is None and not self.here:  # as grader/publish/ci.py's load_config
            path = course_config.find_course_toml(here=False, bundle_path=bundle)
        try:
            return course_config.load(path).exercises
        except course_config.ConfigError:
            return ()  # the command itself reports the broken course.toml in one sentence

    def _choice(self, ctx) -> click.Choice:
        return click.Choice(self.exercises(ctx))

    def get_metavar(self, param, ctx=None) -> str | None:
        return self._choice(ctx).get_metavar(param, ctx)

    def convert(self, value, param, ctx):
        return self._choice(ctx).convert(value, param, ctx)

    def shell_complete(self, ctx, param, incomplete):
        return self._choice(ctx).shell_complete(ctx, param, incomplete)


EXERCISE_CHOICE = ExerciseName()


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
