"""`grader check`: the public tests on a student's own files, explained."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import EXERCISE_CHOICE, load_config


@click.command()
@click.argument("exercises", nargs=-1, type=EXERCISE_CHOICE)
@click.option("--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("."), help="Folder holding your exercise files (default: here).")
def check(exercises, folder):
    """Run the public tests on your exercise files and explain the results."""
    from grader.publish.check import run_check
    sys.exit(run_check(folder, list(exercises), load_config(None).exercises))
