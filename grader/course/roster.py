"""The class roster: who the students are and who they are in each LMS.

A CSV file with a ``student_id`` column (``student`` is accepted as well, so
the quiz server's ``student,token`` file can be the same file) and any of
``name``, ``email``, ``canvas_id``, ``moodle_id``, ``blackboard_username``,
``github``, ``gradescope_sid``, ``section``.  Other columns (the quiz
``token``, a spreadsheet's notes) are ignored here, and the quiz server
ignores these.  ``grader collect`` uses it to turn LMS identities into
student ids, ``grader export`` to turn student ids back into LMS rows.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path

from grader.intake.submissions import valid_student_id
from grader.reports.spreadsheet import read_cell


class RosterError(ValueError):
    """The roster file is missing or malformed (one sentence)."""


@dataclass
class Student:
    student_id: str
    name: str = ""
    email: str = ""
    canvas_id: str = ""
    moodle_id: str = ""
    blackboard_username: str = ""
    github: str = ""
    gradescope_sid: str = ""
    section: str = ""

    def merged(self, other: "Student") -> "Student":
        """This entry with the blanks filled from ``other`` (same student)."""
        return Student(**{f: getattr(self, f) or getattr(other, f) for f in COLUMNS})


COLUMNS = tuple(f.name for f in fields(Student))
# the identity each LMS knows a student by, and how two values compare
LMS_KEYS = {"canvas": "canvas_id", "moodle": "moodle_id", "blackboard": "blackboard_username",
            "github-classroom": "github", "gradescope": "gradescope_sid"}
CASE_INSENSITIVE = {"blackboard_username", "github", "email"}


def fold(text: str) -> str:
    """A name or login as compared across systems: Unicode NFC, case-folded, trimmed."""
    return unicodedata.normalize("NFC", text).casefold().strip()


def name_words(text: str) -> list[str]:
    """A person's name as bare words: accents, case and punctuation removed
    ("O'Brien, Seán" -> ["o", "brien", "sean"])."""
    base = unicodedata.normalize("NFKD", text)
    kept = "".join(" " if not c.isalnum() else c for c in base if not unicodedata.combining(c))
    return kept.casefold().split()


def same_person(lms_name: str, roster_name: str) -> bool:
    """Whether a name from an LMS is the roster's name: the same words in any
    order, or (Canvas's sortable names, "obriensean") the words glued in
    "last first" or "first last" order."""
    got, have = name_words(lms_name), name_words(roster_name)
    if not got or not have:
        return False
    if len(got) > 1:
        return sorted(got) == sorted(have)
    return got[0] in {"".join(have[i:] + have[:i]) for i in range(len(have))}


class Roster:
    """The students, in file order, with look-ups by each LMS identity."""

    def __init__(self, students: list[Student]):
        self.students = students
        self.by_id = {s.student_id: s for s in students}
        self._index: dict[str, dict[str, Student]] = {}

    def __len__(self):
        return len(self.students)

    def __iter__(self):
        return iter(self.students)

    def find(self, column: str, value: str) -> Student | None:
        """The student whose ``column`` equals ``value`` (case-insensitively for logins)."""
        if not value:
            return None
        key = fold if column in CASE_INSENSITIVE else str.strip
        if column not in self._index:  # built once per column: a class of 1000 looks up fast
            index: dict[str, Student] = {}
            for s in self.students:
                if getattr(s, column):
                    index.setdefault(key(getattr(s, column)), s)
            self._index[column] = index
        return self._index[column].get(key(value))

    def find_by_name(self, name: str) -> Student | None:
        """The one student whose name is ``name`` (see :func:`same_person`);
        None when nobody or more than one is."""
        hits = [s for s in self.students if s.name and same_person(name, s.name)]
        return hits[0] if len(hits) == 1 else None

    def to_csv(self) -> str:
        """The roster as CSV; names come from LMSs (students choose them), so
        every cell is made safe to open in a spreadsheet."""
        from grader.reports.spreadsheet import write_csv
        return write_csv([COLUMNS, *[[getattr(s, c) for c in COLUMNS] for s in self.students]])


def load(path: str | Path) -> Roster:
    """The roster in ``path``; a missing column, an invalid or repeated student
    id is a one-sentence :class:`RosterError`."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"roster {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise RosterError(f"roster {path} cannot be read as UTF-8 text ({e})") from None
    return parse(text, str(path))


def parse(text: str, where: str = "roster") -> Roster:
    reader = csv.DictReader(io.StringIO(text))
    header = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
    if "student_id" not in header and "student" in header:
        header = ["student_id" if h == "student" else h for h in header]
    if "student_id" not in header:
        raise RosterError(f"{where}: the first line must name a student_id column "
                          f"(got {', '.join(reader.fieldnames or []) or 'nothing'})")
    reader.fieldnames = header
    students: list[Student] = []
    seen: dict[str, int] = {}
    seen_ids: dict[tuple[str, str], str] = {}
    for line, row in enumerate(reader, start=2):
        # read_cell: undo the apostrophes write_csv put before formula characters
        values = {c: read_cell((row.get(c) or "").strip()) for c in COLUMNS}
        if not any(values.values()):
            continue
        sid = values["student_id"]
        if not valid_student_id(sid):
            raise RosterError(f"{where}, line {line}: {sid!r} is not a usable student id "
                              "(non-empty, no '/', not starting with '.', at most 100 characters)")
        if sid in seen:
            raise RosterError(f"{where}, line {line}: student {sid} is listed twice (also on line {seen[sid]})")
        seen[sid] = line
        for column in LMS_KEYS.values():
            value = fold(values[column]) if column in CASE_INSENSITIVE else values[column]
            if value and (column, value) in seen_ids:
                raise RosterError(f"{where}, line {line}: {column} {values[column]} is also the {column} of "
                                  f"{seen_ids[(column, value)]}; each LMS id belongs to one student")
            seen_ids[(column, value)] = sid
        students.append(Student(**values))
    return Roster(students)
