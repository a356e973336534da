"""Moodle "Download all submissions".

One folder per participant, ``<Full Name>_<participant id>_assignsubmission_file_/``
holding the files as submitted (``assignsubmission_onlinetext_`` holds the
online text), or, with "Download submissions in folders" turned off, that
prefix on each file's name.  The full name is as Moodle shows it, accents and
apostrophes included; the participant id is unique to the assignment.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from grader.intake.lms.plan import Found, Identity, Parsed, Skipped

LMS = "moodle"
_PART = re.compile(r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)_(?P<rest>.*)$")


def _locate(path: str):
    """(match, original file path) for the first path part named the Moodle way."""
    parts = PurePosixPath(path).parts
    for i, part in enumerate(parts):
        m = _PART.match(part)
        if m is None:
            continue
        inner = "/".join(parts[i + 1:])
        if inner:                      # folder mode: the part is the participant's folder
            return m, inner
        if m["rest"]:                  # flat mode: the prefix is on the file's own name
            return m, m["rest"]
    return None, ""


def score(files: dict[str, bytes]) -> float:
    return sum(_locate(p)[0] is not None for p in files) / max(len(files), 1)


def parse(files: dict[str, bytes], **_) -> Parsed:
    parsed = Parsed(LMS)
    for path, data in sorted(files.items()):
        m, original = _locate(path)
        if m is None:
            parsed.skipped.append(Skipped(path, "not in a Moodle participant folder "
                                                "(<Full Name>_<id>_assignsubmission_file_)"))
            continue
        who = Identity(LMS, m["participant"], name=m["name"], numeric=True)
        parsed.found.append(Found(who, path, original, data,
                                  note="" if m["plugin"] == "file" else f"from Moodle's {m['plugin']} plugin"))
    return parsed
