"""The ``grader`` command (fixed interface: architecture.md)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import config as course_config

EXERCISE_CHOICE = click.Choice(course_config.EXERCISES)


def _load_config(path):
    try:
        return course_config.load(path)
    except course_config.ConfigError as e:
        raise click.ClickException(str(e)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-grader")
def main():
    """Auto-grader for the deep-learning fundamentals course: hidden tests in
    this process, student code in sandboxed child processes."""


@main.command()
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Output folder (reports, gradebook.db, gradebook.csv).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Submissions graded in parallel.")
@click.option("--only", multiple=True, type=EXERCISE_CHOICE, help="Grade only these exercises (repeatable).")
@click.option("--force", is_flag=True, help="Regrade submissions even if their files are unchanged.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to use (default: ./course.toml, else the project's).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Grade on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786) instead of locally.")
def grade(submissions, out, jobs, only, force, config_path, quiet, scheduler):
    """Grade every submission under SUBMISSIONS into --out."""
    from .batch import grade_class, summary_lines
    config = _load_config(config_path)
    only = [e for e in only if e in config.exercises] or None
    summary = grade_class(submissions, out, config, jobs=jobs, only=only, force=force,
                          progress=not quiet, echo=lambda s: click.echo(s, err=True),
                          scheduler=scheduler)
    for line in summary_lines(summary, out):
        click.echo(line)


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def report(out, config_path):
    """Regenerate every report and export in OUT from its gradebook.db,
    without running student code again."""
    from . import reports
    from .gradebook import Gradebook
    db = out / "gradebook.db"
    if not db.is_file():
        raise click.ClickException(f"{db} does not exist: run `grader grade` first")
    config = _load_config(config_path)
    with Gradebook(db) as gb:
        records = gb.current()
    reports.write_all(records, out, config.name)
    click.echo(f"Rewrote the reports of {len(records)} students in {out}")


@main.command()
@click.argument("exercises", nargs=-1, type=EXERCISE_CHOICE)
@click.option("--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("."), help="Folder holding your exercise files (default: here).")
def check(exercises, folder):
    """Run the public tests on your exercise files and explain the results."""
    from .check import run_check
    sys.exit(run_check(folder, list(exercises)))


if __name__ == "__main__":
    main()
