"""`grader collect`: an LMS download into the SUBMISSIONS layout `grader grade` reads."""
from __future__ import annotations

from datetime import timezone
from pathlib import Path

import click

from grader.cli.common import load_config

LMS_CHOICE = click.Choice(["canvas", "moodle", "blackboard", "gradescope", "github-classroom", "auto"])


@click.command("collect")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--from", "lms", type=LMS_CHOICE, required=True,
              help="Where SOURCE comes from (a download zip or its unpacked folder; for GitHub Classroom, "
                   "the folder of cloned repositories). auto: guess from the file names.")
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV: student_id plus any of name, email, canvas_id, moodle_id, blackboard_username, github, "
                   "gradescope_sid, section. Without it, ids are made from the LMS's names (see the README).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The SUBMISSIONS folder to build or update.")
@click.option("--timezone", "tz_name", default="UTC", show_default=True,
              help="Time zone of Blackboard's attempt times (e.g. Europe/London).")
@click.option("--prefix", default="", help="GitHub Classroom: the assignment prefix of the repository names "
                                           "(default: what the repositories share).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to use (its exercises and size limits).")
def collect_cmd(source, lms, roster_path, out, tz_name, prefix, config_path):
    """Build (or update) SUBMISSIONS/<student_id>/ from an LMS's "download all
    submissions". Writes SUBMISSIONS/collect-report.csv and prints every file
    that was not collected and every roster student without a submission."""
    from grader.course import roster as roster_mod
    from grader.course.config import PROJECT_ROOT
    from grader.intake.lms import CollectError, collect
    from grader.intake.submissions import Caps
    config = load_config(config_path)
    roster = None
    if roster_path is not None:
        try:
            roster = roster_mod.load(roster_path)
        except roster_mod.RosterError as e:
            raise click.ClickException(str(e)) from None
    try:
        result = collect(source, lms, out, exercises=config.exercises, roster=roster, tz=_zone(tz_name),
                         caps=Caps(config.file_mb, config.submission_mb), prefix=prefix,
                         course_root=config.path.parent if config.path else PROJECT_ROOT)
    except CollectError as e:
        raise click.ClickException(str(e)) from None
    for line in summary(result, out):
        click.echo(line)


def _zone(name: str):
    if name.upper() == "UTC":
        return timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"{name!r} is not a time zone name (like Europe/London)",
                                 param_hint="--timezone") from None


def summary(result, out: Path) -> list[str]:
    """The counts, then a table of what needs a person's eye."""
    outcomes = [sp.outcome for sp in result.students.values() if sp.outcome]
    lines = [f"Collected {len(outcomes)} students from {result.lms} into {out}: "
             f"{outcomes.count('new')} new, {outcomes.count('updated')} updated, "
             f"{outcomes.count('unchanged')} unchanged."]
    if result.ignored:
        lines.append(f"{result.ignored} operating-system files ignored (.DS_Store, __MACOSX/, ...).")
    problems = result.problems
    if problems:
        lines += ["", f"Not collected ({len(problems)}):"]
        lines += table(["status", "student", "file", "note"],
                       [[r.status, r.student_id or r.name or r.lms_id, r.file, r.note] for r in problems])
    lines.append(f"Full report: {out / 'collect-report.csv'}")
    return lines


def table(header: list[str], rows: list[list[str]], width: int = 60) -> list[str]:
    """A plain-text table, each cell cut to ``width`` characters and made printable."""
    def cell(v) -> str:
        text = "".join(c if c.isprintable() else "?" for c in str(v))
        return text if len(text) <= width else text[: width - 1] + "…"
    cells = [[cell(v) for v in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    out.insert(1, "  ".join("-" * w for w in widths))
    return out
