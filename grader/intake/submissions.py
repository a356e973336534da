"""Finding and reading submissions, defensively.

``SUBMISSIONS/<student_id>/`` (files at the top, inside ``exercises/``, or in
one wrapping folder) or ``SUBMISSIONS/<student_id>.zip`` with the same
content.  An exercise file is ``<exercise>.py`` or a Jupyter notebook
``<exercise>.ipynb`` (or any notebook whose metadata names the exercise);
the module graded from a notebook is extracted here, in the trusted parent,
without running anything (``grader.intake.notebooks``).  ``exercises``
(the course's, from course.toml) say which files are exercise files.  Only regular
files are read, sizes are capped, symlinks and paths that leave the
submission (zip slip) are skipped with a note: nothing outside the
submission ever reaches the sandbox.  A submission that cannot be read at
all still yields a ``Submission`` whose ``problems`` say why.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Sequence

from grader.intake import notebooks

TIMESTAMP_FILES = ("timestamp.txt", "submitted_at.txt")
GRADESCOPE_METADATA = "submission_metadata.json"
SKIP_DIRS = {"__pycache__", ".git", ".ipynb_checkpoints", "__MACOSX"}
MAX_FILES = 500


@dataclass
class Submission:
    student: str
    source: Path
    files: dict[str, bytes] = field(default_factory=dict)  # relative posix path -> content
    problems: list[str] = field(default_factory=list)
    submitted_at: datetime | None = None
    time_source: str = ""
    graded: dict[str, str] = field(default_factory=dict)  # exercise -> the file graded for it
    extractions: dict[str, notebooks.Extraction] = field(default_factory=dict)  # exercise -> from a notebook

    @property
    def sha256(self) -> str:
        """Content hash: the same files give the same hash, wherever they came from."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return h.hexdigest()

    def exercise_file(self, exercise: str) -> str | None:
        """The file graded for ``exercise`` (``.py`` or notebook), if any."""
        if exercise in self.graded:
            return self.graded[exercise]
        name = f"{exercise}.py"
        return name if name in self.files else None


def valid_student_id(name: str) -> bool:
    return bool(name) and len(name) <= 100 and not name.startswith(".") and \
        "/" not in name and "\0" not in name and name.isprintable()


def discover(root: Path, *, exercises: Sequence[str], file_mb: float = 2.0,
             submission_mb: float = 20.0) -> list[Submission]:
    """Every submission under ``root``, sorted by student id."""
    root = Path(root)
    subs: dict[str, Submission] = {}
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_symlink():
            continue
        if entry.is_dir() and valid_student_id(entry.name):
            subs[entry.name] = read_folder(entry.name, Path(entry.path), file_mb, submission_mb, exercises)
        elif entry.is_file() and entry.name.endswith(".zip") and valid_student_id(entry.name[:-4]):
            student = entry.name[:-4]
            if student in subs:
                subs[student].problems.append(f"both a folder and {entry.name}: graded the folder")
                continue
            subs[student] = read_zip(student, Path(entry.path), file_mb, submission_mb, exercises)
    return [subs[k] for k in sorted(subs)]


# ---------------------------------------------------------------- folders

def read_folder(student: str, folder: Path, file_mb: float, submission_mb: float,
                exercises: Sequence[str]) -> Submission:
    sub = Submission(student, folder)
    raw: dict[str, bytes] = {}
    budget = [int(submission_mb * 1024 * 1024)]

    def unreadable(e: OSError):
        where = Path(e.filename).relative_to(folder).as_posix() if e.filename else "?"
        sub.problems.append(f"{_show(where)}: unreadable folder ({e.strerror}), skipped")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if not _utf8(rel):
                sub.problems.append(f"{_show(rel)}: file name is not valid UTF-8, skipped")
                continue
            try:
                info = os.lstat(path)
            except OSError as e:
                sub.problems.append(f"{_show(rel)}: unreadable ({e.strerror})")
                continue
            if stat.S_ISLNK(info.st_mode):
                sub.problems.append(f"{_show(rel)}: symbolic link skipped")
                continue
            if not stat.S_ISREG(info.st_mode):
                sub.problems.append(f"{_show(rel)}: not a regular file, skipped")
                continue
            _take(sub, raw, rel, info.st_size, lambda p=path: _read_capped(p, file_mb), file_mb, budget)
        for d in list(dirnames):
            if os.path.islink(os.path.join(dirpath, d)):
                rel = Path(dirpath, d).relative_to(folder).as_posix()
                sub.problems.append(f"{_show(rel)}: symbolic link skipped")
    _finish(sub, raw, exercises)
    return sub


def _read_capped(path: Path, file_mb: float) -> bytes:
    """At most one byte over the cap, from the regular file at ``path`` and
    nothing else: the file may have been swapped for a link or a FIFO since
    it was listed (O_NONBLOCK: opening a FIFO must not hang the batch)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        return fh.read(int(file_mb * 1024 * 1024) + 1)


def _utf8(name: str) -> bool:
    """Names from the filesystem carry undecodable bytes as surrogates; they
    cannot be hashed, stored or shown, so such files are skipped."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _show(name: str) -> str:
    """A file name as it may appear in a note: printable, short."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 120 else text[:117] + "..."


def _take(sub, raw, rel, size, read, file_mb, budget):
    """Keep one file if it fits the per-file and per-submission caps."""
    if len(raw) >= MAX_FILES:
        note = f"more than {MAX_FILES} files: the rest skipped"
        if note not in sub.problems:  # once, not once per file skipped
            sub.problems.append(note)
        return
    cap = int(file_mb * 1024 * 1024)
    if size > cap:
        sub.problems.append(f"{_show(rel)}: {size / 1e6:.1f} MB is over the {file_mb:g} MB limit, skipped")
        return
    try:
        data = read()
    except Exception as e:  # noqa: BLE001 - bad CRC, zlib/lzma errors, encryption, unknown compression...
        sub.problems.append(f"{_show(rel)}: unreadable ({type(e).__name__}: {_show(str(e))})")
        return
    if len(data) > cap:
        sub.problems.append(f"{_show(rel)}: over the {file_mb:g} MB limit, skipped")
        return
    if len(data) > budget[0]:
        sub.problems.append(f"{_show(rel)}: submission over its total size limit, skipped")
        return
    budget[0] -= len(data)
    raw[rel] = data


# ---------------------------------------------------------------- zips

def read_zip(student: str, path: Path, file_mb: float, submission_mb: float,
             exercises: Sequence[str]) -> Submission:
    sub = Submission(student, path)
    raw: dict[str, bytes] = {}
    budget = [int(submission_mb * 1024 * 1024)]
    latest = None
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                rel = _safe_member(info.filename)
                if rel is None:
                    sub.problems.append(f"{_show(repr(info.filename))}: path leaves the submission, skipped")
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    sub.problems.append(f"{_show(rel)}: symbolic link in zip skipped")
                    continue
                if any(part in SKIP_DIRS for part in PurePosixPath(rel).parts):
                    continue
                cap = int(file_mb * 1024 * 1024) + 1
                _take(sub, raw, rel, info.file_size,
                      lambda i=info: zf.open(i).read(cap), file_mb, budget)
                if rel in raw:
                    try:
                        stamp = datetime(*info.date_time, tzinfo=timezone.utc)
                        latest = max(latest, stamp) if latest else stamp
                    except ValueError:
                        pass
    except Exception as e:  # noqa: BLE001 - a corrupt zip fails in many ways; it must not stop the batch
        reason = f"{type(e).__name__}: {_show(str(e))}"
        sub.problems.append(f"{_show(path.name)} is not a readable zip file ({reason})")
    _finish(sub, raw, exercises)
    if sub.submitted_at is None and latest is not None:
        sub.submitted_at, sub.time_source = latest, "the zip's newest entry"
    return sub


def _safe_member(name: str) -> str | None:
    """The member's path if it stays inside the submission, else None."""
    name = name.replace("\\", "/")
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or not p.parts or ":" in p.parts[0] or "\0" in name:
        return None
    return p.as_posix()


# ---------------------------------------------------------------- layout

def _finish(sub: Submission, raw: dict[str, bytes], exercises: Sequence[str]) -> None:
    """Choose the submission's root (top, exercises/, or one wrapping folder),
    and read its submission time."""
    sub.submitted_at, sub.time_source = submission_time(raw)
    root = _root(raw, exercises)
    sub.files = {rel[len(root):]: data for rel, data in raw.items() if rel.startswith(root)}
    choose_exercise_files(sub, exercises)
    if not any(sub.exercise_file(e) for e in exercises):
        expected = ", ".join([f"{e}.py or {e}.ipynb" for e in exercises[:1]] + [f"{e}.py" for e in exercises[1:2]])
        sub.problems.append(f"no exercise files found (expected {expected}, ... "
                            "at the top or in exercises/)")


def choose_exercise_files(sub: Submission, exercises: Sequence[str]) -> None:
    """For each exercise, the file graded: ``<exercise>.py``, or a notebook
    (``<exercise>.ipynb`` or one whose metadata names the exercise) whose
    code is extracted.  With both, the one with more functions implemented
    (not still raising NotImplementedError) is graded, the ``.py`` on a tie
    (the release ships both, so a student who worked in the notebook still
    has the untouched ``.py`` stub); the submission's notes say which."""
    candidates: dict[str, list[str]] = {}
    for rel in sorted(sub.files):
        if "/" in rel or not rel.endswith(".ipynb"):
            continue
        exercise = notebooks.exercise_of(rel, sub.files[rel], exercises)
        if exercise is not None:
            candidates.setdefault(exercise, []).append(rel)
    for exercise in exercises:
        # several: the one named <exercise>.ipynb wins, else the last by name
        found = sorted(candidates.get(exercise, []), key=lambda r, e=exercise: (r == f"{e}.ipynb", r))
        if len(found) > 1:
            sub.problems.append(f"{exercise}: several notebooks ({', '.join(found)}); graded {found[-1]}")
        if found:
            _consider_notebook(sub, exercise, found[-1])


def _consider_notebook(sub: Submission, exercise: str, rel: str) -> None:
    try:
        local = {r[:-3] for r in sub.files if r.endswith(".py") and "/" not in r}
        extraction = notebooks.extract(sub.files[rel], rel, local_modules=local)
    except notebooks.NotebookError as e:
        sub.problems.append(f"{e}; {exercise} graded without it")
        return
    if not extraction.functions:
        sub.problems.append(f"{rel}: no code for {exercise} (no function definitions); nothing graded from it")
        return
    py = f"{exercise}.py"
    if py in sub.files:
        from_py = notebooks.count_implemented(sub.files[py].decode("utf-8", "replace"))
        if from_py >= extraction.implemented:
            sub.problems.append(f"{exercise}: both {py} and {rel}; graded {py} "
                                f"({from_py} function(s) implemented, {extraction.implemented} in the notebook)")
            return
        sub.problems.append(f"{exercise}: both {py} and {rel}; graded {rel} "
                            f"({extraction.implemented} function(s) implemented, {from_py} in {py})")
    sub.graded[exercise] = rel
    sub.extractions[exercise] = extraction
    sub.problems.extend(notebooks.describe(extraction))


def _root(raw: dict[str, bytes], exercises: Sequence[str]) -> str:
    """The folder holding the exercise files: the top, ``exercises/``, or one
    wrapping folder (with or without ``exercises/``)."""
    def holds_exercises(prefix: str) -> bool:
        return any(rel.startswith(prefix) and "/" not in rel[len(prefix):] and
                   notebooks.exercise_of(rel[len(prefix):], data, exercises) is not None
                   for rel, data in raw.items())

    tops = sorted({rel.split("/")[0] for rel in raw if "/" in rel})
    for prefix in ("", "exercises/", *(inner for top in tops for inner in (f"{top}/", f"{top}/exercises/"))):
        if holds_exercises(prefix):
            return prefix
    return ""


def submission_time(raw: dict[str, bytes]) -> tuple[datetime | None, str]:
    """From a timestamp file, else Gradescope's metadata, else unknown."""
    for name in TIMESTAMP_FILES:
        for rel, data in raw.items():
            if rel.rsplit("/", 1)[-1] == name:
                parsed = _parse_time(data.decode("utf-8", "replace").strip())
                if parsed:
                    return parsed, rel
    for rel, data in raw.items():
        if rel.rsplit("/", 1)[-1] == GRADESCOPE_METADATA:
            try:
                parsed = _parse_time(str(json.loads(data).get("created_at", "")))
            except (ValueError, AttributeError, RecursionError):  # not JSON, not an object, "[[[[..."
                parsed = None
            if parsed:
                return parsed, rel
    return None, ""


def _parse_time(text: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def materialize(sub: Submission, workdir: Path) -> None:
    """Write the submission's files into a fresh working folder, readable by
    the sandbox's user whatever the grader's umask.  A file that cannot be
    written (a zip with both ``a`` and ``a/b``) is skipped with a note.
    An exercise graded from a notebook gets its extracted module as
    ``<exercise>.py`` (in place of a ``.py`` that was not chosen)."""
    files = dict(sub.files)
    for exercise, extraction in sub.extractions.items():
        files[f"{exercise}.py"] = extraction.code.encode("utf-8")
    for rel, data in sorted(files.items()):
        target = workdir / rel
        try:
            for parent in reversed(target.relative_to(workdir).parents[:-1]):
                (workdir / parent).mkdir(mode=0o755, exist_ok=True)
                os.chmod(workdir / parent, 0o755)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(target, 0o644)
        except OSError as e:
            sub.problems.append(f"{_show(rel)}: could not be written for grading ({e.strerror}), skipped")
