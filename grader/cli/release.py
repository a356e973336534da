"""`grader release`: what students receive, checked for leaks."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import EXERCISE_CHOICE, bundle_root_or_fail, load_config


@click.command("release")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--exercises", "exercises_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the stubs and tests/ (default: the project's exercises/).")
@click.option("--wheel", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ship this grader wheel instead of building one from the project.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to use (exercises and points shown in the README).")
@click.option("--force", is_flag=True, help="Replace OUT if it is not empty.")
@click.option("--check-only", is_flag=True, help="Build nothing: scan the existing folder OUT for leaks.")
@click.option("--keep-on-leak", is_flag=True, help="Keep OUT when a leak is found, to inspect it (never publish it).")
def release_cmd(out, exercises_dir, wheel, config_path, force, check_only, keep_on_leak):
    """Build what students receive into OUT (stubs, public tests, README,
    GitHub Actions workflow, the grader wheel) and check it for leaks of
    solutions, hidden test names and hidden expected values."""
    import shutil

    from grader.publish import release as rel
    bundle = bundle_root_or_fail("the leak check needs the reference and the hidden suites")
    if check_only:
        if not out.is_dir():
            raise click.ClickException(f"{out} is not a folder")
    else:
        config = load_config(config_path)
        try:
            rel.build_release(out, config, exercises_dir=exercises_dir or rel.default_exercises_dir(),
                              wheel=wheel, force=force, echo=click.echo)
        except rel.ReleaseError as e:
            raise click.ClickException(str(e)) from None
    leaks = rel.check_release(out, bundle, rel.default_solutions_dir(bundle))
    if leaks:
        for leak in leaks:
            click.secho(f"LEAK {leak}", fg="red", err=True)
        where = f"{out} is kept for inspection: do not publish it" if check_only or keep_on_leak else \
            f"{out} was removed"
        if not (check_only or keep_on_leak):
            shutil.rmtree(out, ignore_errors=True)
        raise click.ClickException(f"{len(leaks)} leak(s) of the instructor's material in the release; {where}")
    files = sum(1 for p in out.rglob("*") if p.is_file())
    click.echo(f"Leak check passed: {files} files (and the wheel's members) hold no solution code, "
               "hidden test name or hidden expected value.")
