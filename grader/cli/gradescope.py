"""`grader gradescope-bundle` and `grader gradescope-run`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import EXERCISE_CHOICE, bundle_root_or_fail, load_config


@click.command("gradescope-bundle")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--only", multiple=True, type=EXERCISE_CHOICE,
              help="Grade only these exercises: the zip's course.toml lists just them (repeatable).")
@click.option("--wheel", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ship this grader wheel instead of building one from the project.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), is_eager=True,
              help="course.toml to start from (default: ./course.toml, else the project's).")
def gradescope_bundle_cmd(out, only, wheel, config_path):
    """Write a Gradescope autograder zip (setup.sh, run_autograder, the grader
    wheel, reference/, course.toml) to OUT. Instructor-side: it holds the
    hidden suites."""
    from grader.publish.gradescope import BundleError, build_bundle
    config = load_config(config_path)
    root = bundle_root_or_fail("the autograder needs the hidden suites")
    try:
        build_bundle(out, config, root, only=list(only) or None, wheel=wheel, echo=click.echo)
    except BundleError as e:
        raise click.ClickException(str(e)) from None


@click.command("gradescope-run")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Gradescope's folder (default: $AUTOGRADER_ROOT, else /autograder).")
@click.option("--submission", type=click.Path(path_type=Path), default=None, help="Default: ROOT/submission.")
@click.option("--metadata", type=click.Path(path_type=Path), default=None,
              help="Default: ROOT/submission_metadata.json.")
@click.option("--bundle", "bundle_path", type=click.Path(path_type=Path), default=None,
              help="Default: ROOT/source.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Default: ROOT/source/course.toml.")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Default: ROOT/results/results.json.")
def gradescope_run_cmd(root, submission, metadata, bundle_path, config_path, results_path):
    """Grade one Gradescope submission into results.json (what run_autograder runs)."""
    from grader.publish.gradescope import default_root, gradescope_run
    root = root or default_root()
    sys.exit(gradescope_run(submission or root / "submission", metadata or root / "submission_metadata.json",
                            bundle_path or root / "source", config_path or root / "source" / "course.toml",
                            results_path or root / "results" / "results.json",
                            echo=lambda s: click.echo(s, err=True)))
