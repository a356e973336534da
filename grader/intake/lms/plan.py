"""What every LMS shares once its naming is decoded: who each file belongs
to, which attempt wins, which exercise each file is, what is written where,
and the report of everything that was not collected.

Each LMS module turns the download into :class:`Found` files (a file, the
LMS identity it belongs to, its attempt) and :class:`Skipped` ones; then:

1. identities become student ids, through the roster or (without one) by
   :func:`derived_id`;
2. per student, the latest attempt wins and the others are listed;
3. nested zips are unpacked with the intake's protections
   (:func:`grader.intake.submissions.unpack_zip`: no zip slip, no links,
   size caps) and every file is recognised (:mod:`.recognise`);
4. ``SUBMISSIONS/<student_id>/`` gets the exercise files under their
   exercise names, ``timestamp.txt`` when the LMS gave a time (the file
   ``grader grade`` reads it from), and any other ``.py`` as a helper module;
   a folder whose content would not change is not touched.

``SUBMISSIONS/collect-report.csv`` lists every file of the download and
every roster student without a submission; ``collect-roster.csv`` records
the identities seen (what ``grader grade`` copies next to the gradebook and
``grader export`` reads back).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from grader.course import roster as roster_mod
from grader.course.roster import LMS_KEYS, Roster, Student
from grader.intake.lms.recognise import recognise, stem_of
from grader.intake.submissions import GRADESCOPE_METADATA, TIMESTAMP_FILES, Caps, unpack_zip
from grader.reports.spreadsheet import write_csv
from grader.reports.writer import atomic_write

REPORT = "collect-report.csv"
ROSTER_OUT = "collect-roster.csv"
MANIFEST = ".collect-manifest.json"       # which files collect wrote in each student's folder
REPORT_COLUMNS = ("student_id", "lms", "lms_id", "name", "file", "collected_as", "status", "submitted_at", "note")
JUNK = {".ds_store", "thumbs.db", "desktop.ini"}
# names grader grade would read as the submission time: only collect writes them
RESERVED = {n.casefold() for n in (*TIMESTAMP_FILES, GRADESCOPE_METADATA)}
MAX_NESTING = 2


@dataclass(frozen=True)
class Identity:
    """A person as the LMS knows them: ``key`` is the LMS's own id (Canvas
    user id, Moodle participant id, Blackboard username, GitHub login,
    Gradescope SID or e-mail); ``numeric`` when it is a number the LMS
    guarantees unique."""
    lms: str
    key: str
    name: str = ""
    email: str = ""
    numeric: bool = False


@dataclass
class Found:
    """One file of the download and whose it is."""
    who: Identity
    path: str                       # where in the download
    filename: str                   # the student's own file name
    data: bytes
    attempt: str = ""               # sorts a student's attempts, oldest first
    submitted_at: datetime | None = None
    order: int = 0                  # breaks ties between two files for one exercise: larger is newer
    note: str = ""


@dataclass
class Skipped:
    path: str
    reason: str
    status: str = "not recognised"


@dataclass
class Parsed:
    lms: str
    found: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class Row:
    student_id: str = ""
    lms: str = ""
    lms_id: str = ""
    name: str = ""
    file: str = ""
    collected_as: str = ""
    status: str = ""
    submitted_at: str = ""
    note: str = ""

    def values(self) -> list[str]:
        return [getattr(self, c) for c in REPORT_COLUMNS]


@dataclass
class StudentPlan:
    student: Student
    files: dict[str, bytes] = field(default_factory=dict)
    submitted_at: datetime | None = None
    outcome: str = ""               # new, updated, unchanged


@dataclass
class Plan:
    lms: str
    students: dict[str, StudentPlan] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    ignored: int = 0                # operating-system files (.DS_Store, ...)

    @property
    def problems(self) -> list[Row]:
        """The rows a person must look at: nothing here was collected."""
        quiet = {"collected", "helper module", "ignored"}
        return [r for r in self.rows if r.status not in quiet]


# ---------------------------------------------------------------- student ids

def slug(text: str) -> str:
    """``text`` as lower-case ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def derived_id(who: Identity) -> str:
    """The student id of an LMS identity when there is no roster.

    * a numeric LMS id (Canvas user, Moodle participant) is unique: the id is
      the name's slug and that number, ``sean-obrien-12345``;
    * a login (Blackboard username, GitHub login, Gradescope SID or e-mail)
      that is already lower-case letters, digits and hyphens is the id as is;
    * any other login gets its slug plus 8 hex digits of the SHA-256 of the
      login exactly as the LMS wrote it, so ``JSmith`` and ``jsmith``, or
      ``José`` written composed and decomposed, never share a folder.

    Every id is ASCII and filesystem-safe on every OS, and the same in every
    download as long as the LMS shows the same name and login.
    """
    if who.numeric:
        return f"{slug(who.name) or slug(who.lms)}-{who.key}"
    base = slug(who.key)
    if base and base == who.key:
        return base
    return f"{base or 'student'}-{hashlib.sha256(who.key.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def identify(who: Identity, roster: Roster | None) -> Student | None:
    """The roster entry of ``who`` (by the LMS's id, else e-mail, else an
    unambiguous name); without a roster, a new entry with a derived id."""
    column = LMS_KEYS[who.lms]
    if roster is None:
        return Student(derived_id(who), name=who.name, email=who.email, **{column: who.key})
    hit = roster.find(column, who.key)
    if hit is None:
        # e-mail, then name, only for a roster entry that has no id of this LMS:
        # one that has another id is someone else of the same name
        candidates = [roster.find("email", e) for e in (who.email, who.key if "@" in who.key else "")]
        candidates.append(roster.find_by_name(who.name) if who.name else None)
        hit = next((c for c in candidates if c is not None and not getattr(c, column)), None)
    if hit is None:
        return None
    return hit.merged(Student(hit.student_id, name=who.name, email=who.email, **{column: who.key}))


# ---------------------------------------------------------------- planning

def build(parsed: Parsed, roster: Roster | None, exercises, caps: Caps) -> Plan:
    """Decide, without writing anything, what each student's folder will hold."""
    plan = Plan(parsed.lms)
    for s in parsed.skipped:
        if _junk(s.path):
            plan.ignored += 1
            plan.rows.append(Row(lms=parsed.lms, file=s.path, status="ignored", note="operating-system file"))
        else:
            plan.rows.append(Row(lms=parsed.lms, file=s.path, status=s.status, note=s.reason))
    by_student: dict[str, list[Found]] = {}
    identities: dict[str, set[Identity]] = {}
    for f in parsed.found:
        if _junk(f.path):
            plan.ignored += 1
            plan.rows.append(Row(lms=parsed.lms, lms_id=f.who.key, file=f.path, status="ignored",
                                 note="operating-system file"))
            continue
        student = identify(f.who, roster)
        if student is None:
            plan.rows.append(Row(lms=parsed.lms, lms_id=f.who.key, name=f.who.name, file=f.path,
                                 status="no roster entry", note=f"nobody in the roster is {parsed.lms} {f.who.key}"))
            continue
        sid = student.student_id
        identities.setdefault(sid, set()).add(f.who)
        if sid in plan.students:
            plan.students[sid].student = plan.students[sid].student.merged(student)
        else:
            plan.students[sid] = StudentPlan(student)
        by_student.setdefault(sid, []).append(f)
    _check_distinct(identities, roster)
    for sid, found in sorted(by_student.items()):
        _plan_student(plan, plan.students[sid], found, exercises, caps)
    if roster is not None:
        for s in roster:
            if s.student_id not in plan.students:
                plan.rows.append(Row(s.student_id, parsed.lms, getattr(s, LMS_KEYS[parsed.lms]), s.name,
                                     status="no submission", note="in the roster, nothing in this download"))
    return plan


def _check_distinct(identities: dict[str, set[Identity]], roster: Roster | None) -> None:
    """Without a roster, two different people must never share an id."""
    if roster is not None:
        return
    for sid, who in identities.items():
        keys = {w.key for w in who}
        if len(keys) > 1:  # cannot happen with derived_id; refuse rather than mix two students' files
            raise ValueError(f"two LMS identities ({', '.join(sorted(keys))}) gave the student id {sid}")


@dataclass
class _Choice:
    """The file collected as one exercise (or helper module), under which name, and why."""
    name: str
    rank: tuple
    found: Found
    where: str
    data: bytes
    note: str
    exercise: bool


def _plan_student(plan: Plan, sp: StudentPlan, found: list[Found], exercises, caps: Caps) -> None:
    sid, lms = sp.student.student_id, plan.lms
    latest = max(f.attempt for f in found)

    def row(f: Found, **kw) -> Row:
        return Row(sid, lms, f.who.key, f.who.name, kw.pop("file", f.path),
                   submitted_at=f.submitted_at.isoformat() if f.submitted_at else "", **kw)

    chosen: dict[str, _Choice] = {}
    budget = [int(caps.total_mb * 1024 * 1024)]   # all the zips of one student unpack to at most this
    for f in found:
        if f.attempt != latest:
            plan.rows.append(row(f, status="older attempt",
                                 note=f"attempt {f.attempt}; the latest ({latest}) was collected"))
            continue
        if f.submitted_at and (sp.submitted_at is None or f.submitted_at > sp.submitted_at):
            sp.submitted_at = f.submitted_at
        for inner, data, problem in _expand(f.filename, f.data, caps, 0, budget):
            where = f.path if inner == f.filename else f"{f.path} > {inner.split('/', 1)[1]}"
            if problem:
                plan.rows.append(row(f, file=where, status="unreadable", note=problem))
            else:
                _place(plan, chosen, f, where, inner, data, exercises, row)
    for c in sorted(chosen.values(), key=lambda c: c.name):
        sp.files[c.name] = c.data
        plan.rows.append(row(c.found, file=c.where, collected_as=c.name,
                             status="collected" if c.exercise else "helper module",
                             note="; ".join(x for x in (c.note, c.found.note) if x)))


def _place(plan: Plan, chosen: dict, f: Found, where: str, inner: str, data: bytes, exercises, row) -> None:
    """Decide what one file becomes: an exercise file, a helper module, or a reported leftover."""
    filename = PurePosixPath(inner).name
    if _junk(inner):
        plan.ignored += 1
        plan.rows.append(row(f, file=where, status="ignored", note="operating-system file"))
        return
    if filename.casefold() in RESERVED:
        plan.rows.append(row(f, file=where, status="no exercise",
                             note=f"{filename} is written by collect only (it sets the submission time)"))
        return
    match = recognise(filename, data, exercises)
    if match is not None:
        # one file per exercise: <exercise>.py and <exercise>.ipynb are two versions of one answer
        key, name = match.exercise, match.exercise + stem_of(filename)[1]
        note = "" if filename == name else f"recognised by {match.how}"
        choice = _Choice(name, (match.rank, name.endswith(".py"), f.order), f, where, data, note, True)
    elif filename.endswith(".py") and filename[:-3].isidentifier():
        key = name = filename
        choice = _Choice(name, (0, True, f.order), f, where, data,
                         "matches no exercise: kept as a module the exercises may import", False)
    else:
        plan.rows.append(row(f, file=where, status="no exercise", note="matches no exercise"))
        return
    old = chosen.get(key)
    if old is not None:
        loser, winner = (old, choice) if choice.rank > old.rank else (choice, old)
        plan.rows.append(row(loser.found, file=loser.where, status="duplicate",
                             note=f"{winner.where} was collected as {winner.name}"))
        choice = winner
    chosen[key] = choice


def _expand(filename: str, data: bytes, caps: Caps, depth: int, budget: list[int]):
    """(path, bytes, problem) for a file, or for every file of a zip (and of
    zips inside it, to MAX_NESTING levels), through the intake's zip reader.
    ``budget`` (bytes) is shared by all of a student's zips, so zips inside a
    zip cannot multiply the size cap."""
    if not filename.casefold().endswith(".zip"):
        yield filename, data, ""
        return
    if depth >= MAX_NESTING:
        yield filename, data, "a zip nested too deep, not opened"
        return
    if budget[0] <= 0:
        yield filename, data, "the student's files are over the submission size limit: not opened"
        return
    unpacked = unpack_zip(io.BytesIO(data), Caps(caps.file_mb, budget[0] / (1024 * 1024), caps.max_files),
                          name=filename)
    budget[0] -= sum(len(v) for v in unpacked.files.values())
    for problem in unpacked.problems:
        yield filename, b"", problem
    for rel, inner in sorted(unpacked.files.items()):
        for path, content, problem in _expand(rel, inner, caps, depth + 1, budget):
            yield f"{filename}/{path}", content, problem


def _junk(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.casefold() in JUNK or name.startswith("._") or "__MACOSX/" in path + "/"


# ---------------------------------------------------------------- writing

def write(plan: Plan, out: Path) -> None:
    """Write each student's folder (only where something changed), the report
    and the identities.  Students collected before and absent from this
    download keep their folders."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = _read_json(out / MANIFEST)
    for sid, sp in sorted(plan.students.items()):
        if not sp.files:
            plan.rows.append(Row(sid, plan.lms, "", sp.student.name, status="nothing collected",
                                 note="no file of this student was usable"))
            continue
        wanted = dict(sp.files)
        if sp.submitted_at is not None:
            wanted[TIMESTAMP_FILES[0]] = (sp.submitted_at.astimezone(timezone.utc).isoformat() + "\n").encode()
        sp.outcome = _sync_folder(out / sid, wanted, set(manifest.get(sid, [])))
        manifest[sid] = sorted(wanted)
    for sid in sorted(set(manifest) - set(plan.students)):
        plan.rows.append(Row(sid, plan.lms, status="kept", note="collected from an earlier download; not in this one"))
    atomic_write(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    atomic_write(out / REPORT, report_csv(plan.rows))
    atomic_write(out / ROSTER_OUT, _identities(plan, out / ROSTER_OUT).to_csv())


def _sync_folder(folder: Path, wanted: dict[str, bytes], previous: set[str]) -> str:
    """Make ``folder`` hold ``wanted`` (and drop what collect wrote before and
    no longer wants); "new", "updated" or "unchanged"."""
    if not folder.is_dir():
        folder.mkdir(parents=True)
        state = "new"
    else:
        current = {n: (folder / n).read_bytes() for n in previous | set(wanted) if (folder / n).is_file()}
        if current == wanted:
            return "unchanged"
        state = "updated"
    for name, data in wanted.items():
        if not (folder / name).is_file() or (folder / name).read_bytes() != data:
            atomic_write(folder / name, data)
    for name in previous - set(wanted):
        (folder / name).unlink(missing_ok=True)
    return state


def _identities(plan: Plan, previous: Path) -> Roster:
    """Everyone collected now or before, with every LMS id seen."""
    entries: dict[str, Student] = {}
    if previous.is_file():
        try:
            entries = {s.student_id: s for s in roster_mod.load(previous)}
        except roster_mod.RosterError:
            entries = {}
    for sid, sp in plan.students.items():
        entries[sid] = sp.student.merged(entries[sid]) if sid in entries else sp.student
    return Roster([entries[k] for k in sorted(entries)])


def report_csv(rows: list[Row]) -> str:
    return write_csv([REPORT_COLUMNS, *[r.values() for r in rows]])


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
