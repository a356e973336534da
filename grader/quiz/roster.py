"""The quiz roster: which access token belongs to which student (CSV ``student,token``).

The same file may be the class roster of ``grader collect`` and ``grader
export`` (grader/course/roster.py): ``student_id`` is read as ``student``, and
every other column (name, email, LMS ids, section) is ignored here."""
from __future__ import annotations

import csv
from pathlib import Path


class RosterError(ValueError):
    """The roster file is missing or malformed."""


def load_roster(path: str | Path) -> dict[str, str]:
    """``{token: student_id}`` from a CSV with the columns ``student,token``.

    Blank lines are skipped; whitespace around values is stripped.  A missing
    column, an empty value, or a token or student listed twice is an error.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"roster {path} does not exist")
    tokens: dict[str, str] = {}
    students: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        if "student" not in fields and "student_id" in fields:
            fields = ["student" if f == "student_id" else f for f in fields]
        if "student" not in fields or "token" not in fields:
            raise RosterError(f"{path}: the first line must name the columns student,token "
                              f"(got {', '.join(reader.fieldnames or []) or 'nothing'})")
        reader.fieldnames = fields
        for line, row in enumerate(reader, start=2):
            student = (row.get("student") or "").strip()
            token = (row.get("token") or "").strip()
            if not student and not token:
                continue
            if not student or not token:
                raise RosterError(f"{path}, line {line}: needs both a student and a token")
            if token in tokens:
                raise RosterError(f"{path}, line {line}: token of {student} is also the token of "
                                  f"{tokens[token]}; tokens must be unique")
            if student in students:
                raise RosterError(f"{path}, line {line}: student {student} is listed twice "
                                  f"(also on line {students[student]})")
            tokens[token] = student
            students[student] = line
    return tokens
