"""`grader ci`: a student's repository graded in GitHub Actions."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import ExerciseName


@click.command("ci")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the Markdown summary here (default: append to $GITHUB_STEP_SUMMARY when set).")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write results.json here.")
@click.option("--bundle", "bundle_path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              envvar="GRADER_BUNDLE", help="The grading bundle (a folder holding reference/): run the hidden "
                                           "suites too [env: GRADER_BUNDLE].")
@click.option("--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              help="The repository (default: here).")
@click.option("--only", multiple=True, type=ExerciseName(here=False), help="Only these exercises (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml for the hidden suites (default: the bundle's, else the grader's defaults).")
def ci_cmd(junit_path, summary_path, results_path, bundle_path, folder, only, config_path):
    """Run the tests of a student's repository (for GitHub Actions): the public
    tests, and the hidden suites when the grading bundle is given. Prints
    `Points X/Y`; exits 1 when a test fails."""
    from grader.publish.ci import CIError, console_lines, run_ci, write_outputs
    try:
        run = run_ci(folder, bundle=bundle_path, only=list(only) or None, config_path=config_path,
                     echo=lambda s: click.echo(s, err=True))
    except CIError as e:
        click.secho(f"grader ci: {e}", fg="red", err=True)
        sys.exit(2)
    write_outputs(run, junit_path=junit_path, summary_path=summary_path, results_path=results_path)
    for line in console_lines(run):
        click.echo(line)
    sys.exit(0 if run.ok else 1)
