"""`grader similarity`: which pairs of students handed in look-alike code."""
from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import load_config, rewrite_reports


@click.command("similarity")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for similarity.csv and similarity.html (the grading output folder links it).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Flag pairs at least this similar (0 to 1; default 0.6).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: up to 2).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to use (default: the course folder's).")
def similarity_cmd(submissions, out, threshold, jobs, config_path):
    """Compare every pair of students of SUBMISSIONS per exercise (copydetect,
    locally) and write --out/similarity.csv and --out/similarity.html.

    A flagged pair is evidence for a person to weigh, not a verdict."""
    from grader.similarity import compare, report
    config = load_config(config_path)
    found = compare.compare_class(submissions, config.exercises,
                                  compare.DEFAULT_THRESHOLD if threshold is None else threshold,
                                  jobs=jobs, echo=lambda s: click.echo(s, err=True))
    csv_path, html_path = report.write(found, out)
    if (out / "gradebook.db").is_file():  # the dashboard of a graded class links the report
        rewrite_reports(out / "gradebook.db", config, students=set())
    click.echo(f"{len(found.flagged())} of {len(found.pairs)} pairs flagged: {html_path}, {csv_path}")
