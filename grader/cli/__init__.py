"""The ``grader`` command (fixed interface: architecture.md).

One thin module per verb; each parses its options and calls the room of the
engine that does the work (course/, intake/, engine/, store/, reports/,
publish/, authoring/, quiz/).  Each verb imports its engine modules inside
its function, on purpose: `grader --help` and the student commands (`check`,
`ci`) must start fast on any laptop, without loading the sandbox (Linux-only
modules), TensorFlow or the quiz server."""
from __future__ import annotations

import click

from grader.cli import check, ci, grade, gradescope, quiz, release, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-grader")
def main():
    """Auto-grader for the deep-learning fundamentals course: hidden tests in
    this process, student code in sandboxed child processes."""


for command in (grade.grade, grade.report, check.check, quiz.quiz, release.release_cmd, ci.ci_cmd,
                gradescope.gradescope_bundle_cmd, gradescope.gradescope_run_cmd, validate.validate_cmd):
    main.add_command(command)
