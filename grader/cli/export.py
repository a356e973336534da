"""`grader export`: final scores in an LMS's gradebook import format."""
from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import load_config


@click.command("export")
@click.argument("out_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Choice(["canvas", "moodle", "blackboard"]), required=True,
              help="The LMS whose import format to write.")
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The class roster (student_id plus LMS ids); default: the identities `grader collect` "
                   "recorded (DIR/collect-roster.csv). Both are used when both exist.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The CSV file to write.")
@click.option("--column", default=None,
              help="The assignment column: Canvas 'Name (assignment id)', Blackboard 'Name [Total Pts: 100 Score] "
                   "|column id' (default: the course name).")
@click.option("--missing-as-zero", is_flag=True,
              help="Give roster students without a grade 0 instead of an empty grade.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def export_cmd(out_dir, target, roster_path, out_file, column, missing_as_zero, config_path):
    """Write the final scores in DIR/gradebook.db (late penalty and instructor
    adjustments included) as the gradebook import file of an LMS."""
    from grader import reports
    from grader.reports import lms
    from grader.reports.writer import atomic_write
    db = out_dir / "gradebook.db"
    if not db.is_file():
        raise click.ClickException(f"{db} does not exist: run `grader grade` first")
    config = load_config(config_path)
    roster = class_roster(out_dir, roster_path)
    records = reports.final_records(db)
    result = lms.export(target, records, roster, column=column or config.name, missing_as_zero=missing_as_zero)
    atomic_write(out_file, result.text)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Wrote {result.rows} students ({len(records)} graded) for {target} to {out_file}")


def class_roster(out_dir: Path, roster_path: Path | None):
    """The roster given, its blanks filled from what `grader collect` recorded; or that record alone."""
    from grader.course import roster as roster_mod
    from grader.intake.lms.plan import ROSTER_OUT
    try:
        given = roster_mod.load(roster_path) if roster_path is not None else None
        recorded = roster_mod.load(out_dir / ROSTER_OUT) if (out_dir / ROSTER_OUT).is_file() else None
    except roster_mod.RosterError as e:
        raise click.ClickException(str(e)) from None
    if given is None:
        return recorded or roster_mod.Roster([])
    if recorded is None:
        return given
    return roster_mod.Roster([s.merged(recorded.by_id[s.student_id]) if s.student_id in recorded.by_id else s
                              for s in given])
