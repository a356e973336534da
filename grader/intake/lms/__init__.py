"""``grader collect``: an LMS's "download all submissions" turned into the
``SUBMISSIONS/<student_id>/`` layout ``grader grade`` reads.

One module per LMS decodes its naming (canvas, moodle, blackboard,
gradescope, github_classroom); :mod:`.detect` picks one for ``--from auto``;
:mod:`.plan` does the rest, the same for all (roster, attempts, nested zips,
exercise recognition, writing, the report).
"""
from __future__ import annotations

from datetime import timezone, tzinfo
from pathlib import Path

from grader.course.config import PROJECT_ROOT
from grader.course.roster import Roster
from grader.intake.lms import blackboard, canvas, detect, github_classroom, gradescope, moodle, plan
from grader.intake.lms.recognise import course_exercises
from grader.intake.submissions import Caps, read_tree, unpack_zip

SOURCES = {m.LMS: m for m in (canvas, moodle, blackboard, gradescope, github_classroom)}
# a whole class in one archive: one file may be a student's zip; the whole is bounded too
DOWNLOAD_TOTAL_MB = 8192
DOWNLOAD_MAX_FILES = 200_000


class CollectError(Exception):
    """The download cannot be collected at all (one sentence)."""


def read_download(source: Path, caps: Caps) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the download (a zip or a folder), read with the intake's protections."""
    whole = Caps(max(caps.file_mb, caps.total_mb), DOWNLOAD_TOTAL_MB, DOWNLOAD_MAX_FILES)
    if source.is_dir():
        unpacked = read_tree(source, whole, skip_dirs={".git", "__pycache__", ".ipynb_checkpoints", "__MACOSX"})
    else:
        unpacked = unpack_zip(source, whole, name=source.name)
        if not unpacked.files and unpacked.problems:
            raise CollectError(unpacked.problems[0])
    return unpacked.files, unpacked.problems


def collect(source: Path, lms: str, out: Path, *, exercises, caps: Caps, roster: Roster | None = None,
            tz: tzinfo = timezone.utc, prefix: str = "", course_root: Path = PROJECT_ROOT) -> plan.Plan:
    """Collect ``source`` (from ``lms``, or "auto") into ``out``; the plan says
    what happened.  ``course_root`` holds the exercise stubs files are compared with."""
    source, out = Path(source), Path(out)
    if source.is_dir() and out.resolve().is_relative_to(source.resolve()):
        raise CollectError(f"{out} is inside {source}: the next collect would read it as part of the download")
    files, problems = read_download(source, caps)
    if not files:
        raise CollectError(f"{source} holds no files")
    if lms == "auto":
        lms = detect.detect(files, SOURCES)
        if lms is None:
            raise CollectError(f"{source} does not look like a download from "
                               f"{', '.join(SOURCES)}: name the LMS with --from")
    logins = tuple(s.github for s in roster if s.github) if roster is not None else ()
    try:
        parsed = SOURCES[lms].parse(files, tz=tz, prefix=prefix, logins=logins)
        parsed.skipped += [plan.Skipped(str(source.name), p, "unreadable") for p in problems]
        result = plan.build(parsed, roster, course_exercises(exercises, course_root), caps)
    except ValueError as e:  # unreadable metadata, or two people who would share a folder
        raise CollectError(str(e)) from None
    plan.write(result, out)
    return result
