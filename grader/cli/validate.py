"""`grader validate`: the course checked before a release."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import EXERCISE_CHOICE, bundle_root_or_fail, load_config


@click.command("validate")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Gradings in parallel (default: the number of CPUs, at most 8).")
@click.option("--only", multiple=True, type=EXERCISE_CHOICE, help="Only these exercises (repeatable).")
@click.option("--skip-slow", is_flag=True,
              help="Leave out the exercises course.toml gives a longer exercise_seconds than [limits].")
@click.option("--allow-weak", is_flag=True, help="Report weak hidden tests as warnings, not failures.")
@click.option("--no-quiz", is_flag=True, help="Do not check the quiz bank.")
@click.option("--solutions", "solutions_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Default: solutions/ of the project.")
@click.option("--stubs", "stubs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Default: exercises/ of the project.")
@click.option("--mutants", "mutants_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Default: reference/mutants/ of the grading bundle.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the findings as JSON.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), is_eager=True,
              help="course.toml (its sandbox limits are used).")
def validate_cmd(jobs, only, skip_slow, allow_weak, no_quiz, solutions_dir, stubs_dir, mutants_dir,
                 json_path, config_path):
    """Check the course before a release: solutions score full marks, stubs
    zero, every mutant is caught (by the test it names), every hidden test
    catches a mutant, and the quiz bank is consistent. Exits 1 on any problem."""
    from grader.publish import release as rel
    from grader.authoring import validate as val
    config = load_config(config_path)
    bundle = bundle_root_or_fail("validation grades with the hidden suites")
    solutions_dir = solutions_dir or rel.default_solutions_dir(bundle)
    if solutions_dir is None:
        raise click.ClickException("no solutions/ folder found: pass --solutions DIR")
    stubs_dir = stubs_dir or next((f for f in (bundle / "exercises", rel.default_exercises_dir()) if f.is_dir()), None)
    if stubs_dir is None:
        raise click.ClickException("no exercises/ folder found: pass --stubs DIR")
    exercises = [e for e in config.exercises if (not only or e in only) and not (skip_slow and config.slow(e))]
    if not exercises:
        raise click.ClickException("no exercise left to validate")
    report = val.validate(config, solutions=solutions_dir, stubs=stubs_dir,
                          mutants=mutants_dir or bundle / "reference" / "mutants", exercises=exercises,
                          workers=jobs or val.default_workers(), quiz_check=not no_quiz, echo=click.echo)
    for line in val.report_lines(report, allow_weak):
        click.echo(line)
    if json_path:
        val.write_json(report, json_path)
    sys.exit(1 if report.failed(allow_weak) else 0)
