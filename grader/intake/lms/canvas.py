"""Canvas "Download Submissions".

One flat zip; each file is named
``<sortable name>[_LATE]_<user id>_<attachment id>_<original name>``, where the
sortable name is "Last First" glued, lower-case, without punctuation
("obriensean"), ``_LATE`` marks a submission after the due date, and the
original name may carry a ``-N`` Canvas adds to repeated names.  With
anonymous grading the name and user id are replaced by ``anon_<id>``.  Canvas
gives no submission time in the download: a ``_LATE`` mark is kept as a note
in the report.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from grader.intake.lms.plan import Found, Identity, Parsed, Skipped

LMS = "canvas"
_NAMED = re.compile(r"^(?P<name>[^_]+?)(?P<late>_LATE)?_(?P<user>\d+)_(?P<attachment>\d+)_(?P<original>.+)$")
_ANON = re.compile(r"^anon_(?P<anon>[A-Za-z0-9]+)(?P<late>_LATE)?_(?P<attachment>\d+)_(?P<original>.+)$")


def match(filename: str):
    return _ANON.match(filename) or _NAMED.match(filename)


def score(files: dict[str, bytes]) -> float:
    """The share of files named the Canvas way (for --from auto)."""
    return sum(bool(match(PurePosixPath(p).name)) for p in files) / max(len(files), 1)


def parse(files: dict[str, bytes], **_) -> Parsed:
    parsed = Parsed(LMS)
    for path, data in sorted(files.items()):
        m = match(PurePosixPath(path).name)
        if m is None:
            parsed.skipped.append(Skipped(path, "not named the way Canvas names submissions "
                                                "(<name>_<user id>_<attachment id>_<file>)"))
            continue
        if "anon" in m.groupdict():
            who = Identity(LMS, f"anon_{m['anon']}")
        else:
            who = Identity(LMS, m["user"], name=m["name"], numeric=True)
        parsed.found.append(Found(who, path, m["original"], data, order=int(m["attachment"]),
                                  note="Canvas marked it late (_LATE)" if m["late"] else ""))
    return parsed
