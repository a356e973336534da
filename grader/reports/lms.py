"""`grader export`: the class's final scores in the form each LMS imports.

The scores are the records every report renders (:func:`grader.reports.final_records`:
late penalty, instructor adjustments and quiz scores included), matched to
the roster.  Every roster student gets a row; one without a grade gets an
empty grade (an LMS reads an empty cell as "not graded", a zero as a zero)
unless ``missing_as_zero``.  Every cell goes through
:func:`grader.reports.spreadsheet.safe_cell`.

* Canvas, Gradebook "Import": ``Student, ID, SIS User ID, SIS Login ID,
  Section`` then the assignment column, and a "Points Possible" row; rows are
  matched by ID (the Canvas user id), else SIS User ID.
* Moodle, assignment "Upload grading worksheet": the worksheet Moodle
  itself downloads, rows matched by ``Identifier`` (``Participant <id>``).
* Blackboard Learn, Grade Centre "Upload": ``Last Name, First Name,
  Username`` and the column (``Name [Total Pts: 100 Score]``, or an existing
  column's header with its ``|id``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from grader.course.roster import Roster, Student
from grader.reports.spreadsheet import write_csv

TARGETS = ("canvas", "moodle", "blackboard")
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_HEADER = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                 "Grade can be changed", "Last modified (submission)", "Last modified (grade)", "Feedback comments"]
BLACKBOARD_HEADER = ["Last Name", "First Name", "Username"]


@dataclass
class Export:
    text: str
    rows: int
    warnings: list[str] = field(default_factory=list)


def points(value) -> float:
    """Points for an LMS: two decimals (test points can add up to 19.9999 of 20)."""
    return round(float(value or 0.0) + 1e-9, 2)


def class_rows(records: list[dict], roster: Roster) -> list[tuple[Student, dict | None]]:
    """Every roster student with their record (or None), then anyone graded who
    is not in the roster, by student id."""
    by_id = {r["student"]: r for r in records}
    rows = [(s, by_id.get(s.student_id)) for s in roster]
    listed = {s.student_id for s in roster}
    rows += [(Student(sid), by_id[sid]) for sid in sorted(set(by_id) - listed)]
    return rows


def _named(record: dict | None) -> dict[str, dict]:
    """The named quizzes of a record by id: ``record["quizzes"]``, a list of
    ``{id, title, score, max_score, ...}`` (one per quiz of course.toml)."""
    quizzes = (record or {}).get("quizzes") or []
    return {str(q["id"]): q for q in quizzes if isinstance(q, dict) and "id" in q}


def quiz_columns(records: list[dict]) -> list[tuple[str, str | None, float]]:
    """(column, quiz id or None for the whole-bank ``quiz``, maximum) for every
    quiz anyone took, the whole-bank quiz first, then the named ones by id."""
    cols: dict[str | None, list] = {}
    for r in records:
        if isinstance(r.get("quiz"), dict):
            col = cols.setdefault(None, ["Quiz", 0.0])
            col[1] = max(col[1], float(r["quiz"].get("max_score") or 0.0))
        for qid, q in _named(r).items():
            col = cols.setdefault(qid, [f"Quiz: {q.get('title') or qid}", 0.0])
            col[1] = max(col[1], float(q.get("max_score") or 0.0))
    order = sorted(cols, key=lambda k: (k is not None, k or ""))
    return [(cols[k][0], k, cols[k][1]) for k in order]


def _quiz_score(record: dict | None, key: str | None):
    if record is None:
        return None
    q = record.get("quiz") if key is None else _named(record).get(key)
    return points(q["score"]) if isinstance(q, dict) and q.get("score") is not None else None


def split_name(name: str) -> tuple[str, str]:
    """(last, first) of a display name: "Last, First" as written, else the last word is the family name."""
    name = " ".join(name.split())
    if "," in name:
        last, first = name.split(",", 1)
        return last.strip(), first.strip()
    if " " in name:
        first, last = name.rsplit(" ", 1)
        return last, first
    return name, ""


def _grade(record: dict | None, missing_as_zero: bool):
    if record is None:
        return 0.0 if missing_as_zero else ""
    return points(record["score"])


def _max_score(records: list[dict]) -> float:
    return points(max((r["max_score"] for r in records), default=100.0))


def feedback(record: dict | None) -> str:
    """A short summary and the name of the student's report."""
    if record is None:
        return "No submission was graded."
    parts = [f"{ex['name']} {points(ex['score']):g}/{points(ex['max_score']):g}" for ex in record["exercises"]]
    text = f"Autograder: {points(record['score']):g}/{points(record['max_score']):g} points ({', '.join(parts)})."
    if record.get("late_penalty"):
        text += f" Late penalty: {points(record['late_penalty']):g} points."
    for o in record.get("overrides") or []:   # instructor adjustments (grader override), when applied
        if isinstance(o, dict) and o.get("applied"):
            where = o.get("exercise", "") + (f" / {o['test']}" if o.get("test") else "")
            text += f" Instructor: {where} {float(o.get('adjustment') or 0):+g} points ({o.get('comment', '')})."
    return text + f" Your report: {record['student']}/report.html"


# ---------------------------------------------------------------- Canvas

def canvas(records, roster: Roster, column: str, missing_as_zero: bool = False) -> Export:
    quizzes = quiz_columns(records)
    header = CANVAS_HEADER + [column] + [q[0] for q in quizzes]
    rows = [["Points Possible", "", "", "", "", _max_score(records), *[points(m) for _, _, m in quizzes]]]
    for s, r in class_rows(records, roster):
        last, first = split_name(s.name) if s.name else (s.student_id, "")
        display = f"{last}, {first}" if first else last
        rows.append([display, s.canvas_id, s.student_id, "", s.section, _grade(r, missing_as_zero),
                     *[_quiz_score(r, key) for _, key, _ in quizzes]])
    return Export(write_csv([header, *rows]), len(rows) - 1)


# ---------------------------------------------------------------- Moodle

def moodle_time(iso: str | None) -> str:
    """A time as Moodle writes it in the worksheet ("Monday, 23 November 2026, 10:15 AM"), or empty
    (Moodle writes "-", which a formula-safe cell cannot be)."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(str(iso))
    except ValueError:
        return ""
    return f"{dt:%A}, {dt.day} {dt:%B %Y}, {int(dt.strftime('%I'))}:{dt:%M %p}"


def moodle(records, roster: Roster, missing_as_zero: bool = False) -> Export:
    rows, warnings = [], []
    maximum = _max_score(records)
    for s, r in class_rows(records, roster):
        if not s.moodle_id:
            warnings.append(f"{s.student_id}: no moodle_id (Moodle participant id) in the roster or the collected "
                            "identities; row left out")
            continue
        rows.append([f"Participant {s.moodle_id}", s.name or s.student_id, s.email,
                     "Submitted for grading - Graded" if r else "No submission",
                     _grade(r, missing_as_zero), maximum, "Yes",
                     moodle_time(r.get("submitted_at") if r else None),
                     moodle_time(r.get("graded_at") if r else None), feedback(r)])
    return Export(write_csv([MOODLE_HEADER, *rows]), len(rows), warnings)


# ---------------------------------------------------------------- Blackboard

def blackboard(records, roster: Roster, column: str, missing_as_zero: bool = False) -> Export:
    maximum = _max_score(records)
    if "[" not in column and "|" not in column:
        column = f"{column} [Total Pts: {maximum:g} Score]"
    quizzes = quiz_columns(records)
    header = BLACKBOARD_HEADER + [column] + [f"{q[0]} [Total Pts: {points(q[2]):g} Score]" for q in quizzes]
    rows = []
    for s, r in class_rows(records, roster):
        last, first = split_name(s.name) if s.name else ("", "")
        rows.append([last, first, s.blackboard_username or s.student_id, _grade(r, missing_as_zero),
                     *[_quiz_score(r, key) for _, key, _ in quizzes]])
    return Export(write_csv([header, *rows]), len(rows))


def export(target: str, records: list[dict], roster: Roster, *, column: str,
           missing_as_zero: bool = False) -> Export:
    if target == "canvas":
        return canvas(records, roster, column, missing_as_zero)
    if target == "moodle":
        return moodle(records, roster, missing_as_zero)
    if target == "blackboard":
        return blackboard(records, roster, column, missing_as_zero)
    raise ValueError(f"unknown LMS {target!r}")
