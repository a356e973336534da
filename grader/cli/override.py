"""`grader override`: an instructor's points and comment on top of the
automatic score, kept in DIR/gradebook.db through every regrade."""
from __future__ import annotations

import getpass
from pathlib import Path

import click

from grader.cli.common import EXERCISE_CHOICE, gradebook_or_fail, load_config, rewrite_reports


def _default_by() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return "unknown"


@click.command("override")
@click.argument("out", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("student")
@click.option("--exercise", type=EXERCISE_CHOICE, help="The exercise the override is about.")
@click.option("--test", "test", metavar="NAME", help="One test of the exercise (default: the whole exercise).")
@click.option("--points", type=float, help="Set the points to X.")
@click.option("--add", "add", type=float, help="Add X points (negative to deduct).")
@click.option("--comment", help="Why (mandatory for an override; shown to the student).")
@click.option("--by", default=_default_by, show_default="your user name", help="Who decided.")
@click.option("--allow-bonus", is_flag=True, help="Let the points exceed the test's or exercise's maximum.")
@click.option("--list", "list_", is_flag=True, help="List STUDENT's overrides, flagged ones marked.")
@click.option("--all", "all_", is_flag=True, help="With --list: also the removed ones.")
@click.option("--remove", type=int, metavar="ID", help="Remove override ID (recorded in the audit trail).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), is_eager=True,
              help="course.toml to use (default: the course folder's).")
def override_cmd(out, student, exercise, test, points, add, comment, by, allow_bonus, list_, all_, remove,
                 config_path):
    """Set or adjust STUDENT's points on one test (--test) or a whole
    exercise, with a comment; list (--list) or remove (--remove ID) overrides.

    The automatic score stays in the gradebook and beside the final one in
    every report.  DIR's reports are rewritten right away."""
    from grader.store.gradebook import Gradebook
    db = gradebook_or_fail(out)
    actions = sum(bool(x) for x in (list_, remove is not None, points is not None or add is not None))
    if actions != 1:
        raise click.UsageError("give exactly one of --points/--add (with --exercise and --comment), "
                               "--list, or --remove ID")
    with Gradebook(db) as gb:
        record = gb.current_record(student)
        if list_:
            _list(gb, record, student, all_)
            return
        if remove is not None:
            message = _remove(gb, student, remove, by, comment)
        else:
            message = _add(gb, record, student, exercise, test, points, add, comment, by, allow_bonus)
    rewrite_reports(db, load_config(config_path), students={student})
    click.echo(message)
    click.echo(f"Rewrote {student}'s reports and the class files in {out}")


def _add(gb, record, student, exercise, test, points, add, comment, by, allow_bonus) -> str:
    from grader.review import overrides as review
    if points is not None and add is not None:
        raise click.UsageError("give --points or --add, not both")
    if exercise is None:
        raise click.UsageError("an override needs --exercise")
    if not (comment or "").strip():
        raise click.UsageError("an override needs --comment: say why, the student reads it")
    if record is None:
        raise click.ClickException(f"{student} is not in {gb.path}: grade them first")
    try:
        where = review.target_of(record, exercise, test)
    except review.OverrideError as e:
        raise click.ClickException(str(e)) from None
    kind, value = ("points", points) if points is not None else ("add", add)
    new_id = gb.add_override(student=student, exercise=exercise, test=test, kind=kind, value=value,
                             comment=comment.strip(), by=by, sha256=record["sha256"],
                             auto_score=where["score"], allow_bonus=allow_bonus)
    applied = next(o for o in review.apply(record, gb.overrides(student))["overrides"] if o["id"] == new_id)
    message = f"Override #{new_id}: {review.describe(applied)}; {applied['before']:g} -> {applied['after']:g}" \
              f" of {where['max_score']:g}"
    wanted = value if kind == "points" else applied["before"] + value
    if round(wanted, 4) != applied["after"]:
        why = "0" if wanted < 0 else "the maximum (--allow-bonus to exceed it)"
        message += f" (kept within {why})"
    return message


def _remove(gb, student, override_id, by, comment) -> str:
    found = gb.override(override_id)
    if found is None or found["student"] != student:
        raise click.ClickException(f"{student} has no override #{override_id} (see --list)")
    try:
        gb.remove_override(override_id, by=by, comment=(comment or "").strip() or "removed")
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    return f"Removed override #{override_id} of {student}"


def _list(gb, record, student, all_) -> None:
    from grader.review import overrides as review
    stored = gb.overrides(student, removed=all_)
    if not stored:
        click.echo(f"{student} has no overrides")
        return
    shown = {o["id"]: o for o in review.apply(record, stored)["overrides"]} if record else {}
    for o in stored:
        line = f"#{o['id']}  {review.describe(o)}  by {o['created_by']} at {o['created_at']}: {o['comment']}"
        if o["removed_at"]:
            line += f"  [removed by {o['removed_by']} at {o['removed_at']}: {o['removed_comment']}]"
        elif o["id"] in shown and shown[o["id"]]["flag"]:
            line += f"  [FLAGGED, not applied: {shown[o['id']]['flag']}]"
        elif o["id"] in shown:
            s = shown[o["id"]]
            line += f"  [applied: {s['before']:g} -> {s['after']:g}]"
        click.echo(line)
