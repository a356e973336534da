"""Student ids that can be graded without touching anyone else's files.

Each student's reports go to ``OUT/<student id>/``, next to the class
outputs.  An id equal to a class output (``index.html``, ``gradebook.db``,
...) would have its folder collide with that file, and two ids that differ
only by letter case or Unicode normalisation (``Ann``/``ann``,
``café`` written two ways) are one person to a case-insensitive file system,
a spreadsheet or an LMS.  Such ids are refused with a reason (kept out of
the batch; everyone else is graded and every class output is written).

``CLASS_OUTPUTS`` is the one list of names the grader writes (or will write)
beside the student folders: add a new class output here.
"""
from __future__ import annotations

import unicodedata

CLASS_OUTPUTS = (
    "gradebook.db", "gradebook.db-journal", "gradebook.db-wal", "gradebook.db-shm",
    "index.html", "gradebook.csv", "gradebook-canvas.csv", "notes",
    "similarity", "collect-report.csv",
)


def folded(student: str) -> str:
    """The form two ids must not share: NFKC-normalised, case-folded."""
    return unicodedata.normalize("NFKC", student).casefold()


_RESERVED = {folded(name) for name in CLASS_OUTPUTS}


def reserved_reason(student: str) -> str | None:
    """Why ``student`` cannot have a folder in the output folder, or None."""
    key = folded(student)
    if key in _RESERVED or key.startswith(".") or key.startswith("gradebook"):
        return (f"student id {student!r} is refused: it is (or looks like) the name of a class output "
                f"({', '.join(CLASS_OUTPUTS[:3])}, ...); rename the submission")
    return None


def screen(subs: list) -> tuple[list, list[str]]:
    """(submissions to grade, one line per refused one).  Of ids that differ
    only by case or normalisation the first in sorted order is graded."""
    kept, refused, seen = [], [], {}
    for sub in sorted(subs, key=lambda s: s.student):
        reason = reserved_reason(sub.student)
        if reason is None and folded(sub.student) in seen:
            reason = (f"student id {sub.student!r} is refused: it differs from {seen[folded(sub.student)]!r} "
                      "only by letter case or Unicode normalisation; rename one of the two submissions")
        if reason:
            refused.append(reason)
            continue
        seen[folded(sub.student)] = sub.student
        kept.append(sub)
    return kept, refused
