"""`grader grade` and `grader report`: grade a class, re-render its reports."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import EXERCISE_CHOICE, bundle_root_or_fail, load_config


@click.command()
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Output folder (reports, gradebook.db, gradebook.csv).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Submissions graded in parallel.")
@click.option("--only", multiple=True, type=EXERCISE_CHOICE, help="Grade only these exercises (repeatable).")
@click.option("--force", is_flag=True, help="Regrade submissions even if their files are unchanged.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), is_eager=True,
              help="course.toml to use (default: ./course.toml, else the project's).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Grade on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786) instead of locally.")
def grade(submissions, out, jobs, only, force, config_path, quiet, scheduler):
    """Grade every submission under SUBMISSIONS into --out."""
    from grader.course.bundle import BundleMissing, ensure_importable
    from grader.engine.cluster import ClusterError
    from grader.engine.pool import grade_class, summary_lines
    try:
        ensure_importable()  # the grader itself cannot run without the hidden suites
    except BundleMissing as e:
        raise click.ClickException(str(e)) from None
    config = load_config(config_path)
    only = [e for e in only if e in config.exercises] or None
    try:
        summary = grade_class(submissions, out, config, jobs=jobs, only=only, force=force,
                              progress=not quiet, echo=lambda s: click.echo(s, err=True),
                              scheduler=scheduler)
    except ClusterError as e:
        raise click.ClickException(str(e)) from None
    for line in summary_lines(summary, out):
        click.echo(line)


@click.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def report(out, config_path):
    """Regenerate every report and export in OUT from its gradebook.db,
    without running student code again."""
    from grader import reports
    from grader.store.gradebook import Gradebook
    db = out / "gradebook.db"
    if not db.is_file():
        raise click.ClickException(f"{db} does not exist: run `grader grade` first")
    config = load_config(config_path)
    with Gradebook(db) as gb:
        records = reports.with_quiz(gb.current(), db)
    reports.write_all(records, out, config)
    click.echo(f"Rewrote the reports of {len(records)} students in {out}")
