"""The course configuration: ``course.toml`` in the course folder.

It is the course's one registry of exercises: each ``[exercises.<name>]``
table gives the exercise's points, the passages of the course notes it
practises and, when it needs them, its own sandbox limits (the older form
``<name> = points`` and ``[limits.<name>]`` tables are read too).  Everything
else about an exercise is in its own files (``exercises/<name>.py`` and
``exercises/tests/test_<name>.py``, ``solutions/<name>.py``,
``reference/<name>.py``, ``reference/hidden/<name>.py``,
``reference/mutants/<name>/``); no list of exercises is written anywhere
else.  Also: the deadline and late policy, and the sandbox's limits.
Defaults live here so a course.toml only needs what it changes.
"""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from grader.course import bundle
from grader.course.bundle import PROJECT_ROOT  # noqa: F401 - re-exported: where the grader runs from
from grader.sandbox.limits import Limits

# Written into the grader's wheel by `grader release` (see packaged_toml):
# what a student's repository uses, having no course.toml of its own.
PACKAGED = Path(__file__).resolve().parents[1] / "publish" / "distribution" / "course.toml"


class ConfigError(Exception):
    """course.toml is missing something or has a wrong value."""


@dataclass(frozen=True)
class LatePolicy:
    deadline: datetime | None = None
    grace_minutes: float = 0.0
    percent_per_day: float = 0.0
    cutoff_days: float | None = None
    extensions: dict[str, float] = field(default_factory=dict)


class Passage(NamedTuple):
    """A passage of the course notes: the file, its heading, the heading's line."""
    file: str
    heading: str
    line: int


@dataclass(frozen=True)
class CourseConfig:
    name: str
    points: dict[str, float]          # exercise -> points, in the course's order
    limits: Limits
    exercise_limits: dict[str, Limits]
    late: LatePolicy
    submission_mb: float = 20.0
    file_mb: float = 2.0
    path: Path | None = None
    notes: dict[str, tuple[Passage, ...]] = field(default_factory=dict)

    @property
    def exercises(self) -> tuple[str, ...]:
        return tuple(self.points)

    def limits_for(self, exercise: str) -> Limits:
        return self.exercise_limits.get(exercise, self.limits)

    def notes_for(self, exercise: str) -> tuple[Passage, ...]:
        """The passages of the course notes ``exercise`` practises (the reports link to them)."""
        return self.notes.get(exercise, ())

    def slow(self, exercise: str) -> bool:
        """An exercise given more time than the others (``exercise_seconds``):
        ``grader validate`` starts it first and ``--skip-slow`` leaves it out."""
        return self.limits_for(exercise).exercise_seconds > self.limits.exercise_seconds


def _limits(table: dict, base: Limits, where: str) -> Limits:
    known = {f.name for f in fields(Limits)}
    values = {k: v for k, v in table.items() if k in known}
    if "preload" in values:
        names = values.pop("preload")
        if not (isinstance(names, list) and all(isinstance(n, str) and n.isidentifier() for n in names)):
            raise ConfigError(f"{where}.preload must be a list of module names, got {names!r}")
        base = replace(base, preload=tuple(names))
    for k, v in values.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
            raise ConfigError(f"{where}.{k} must be a positive number, got {v!r}")
    return replace(base, **values)


def _datetime(value, where: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        try:
            dt = datetime.fromisoformat(str(value))
        except ValueError:
            raise ConfigError(f"{where} must be an ISO 8601 date and time, got {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def read_extensions(path: Path) -> dict[str, float]:
    """student -> extra days, from a CSV with columns student,extra_days."""
    if not path.is_file():
        raise ConfigError(f"extensions file {path} does not exist")
    out = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                out[row["student"].strip()] = float(row["extra_days"])
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"{path}: each row needs student,extra_days (got {row})") from None
    return out


def find_course_toml(*, here: bool = True, bundle_path: Path | None = None) -> Path:
    """The course.toml a command uses when given none: the one of
    ``bundle_path`` (a grading bundle named on the command line), else the
    course folder's (see grader/course/bundle.py; ``here=False`` skips the
    current folder), else the one packaged with the grader."""
    if bundle_path is not None and (bundle_path / "course.toml").is_file():
        return bundle_path / "course.toml"
    return bundle.find("course.toml", here=here) or PACKAGED


def load(path: str | Path | None = None) -> CourseConfig:
    """Read ``path`` (default: :func:`find_course_toml`)."""
    if path is None and not find_course_toml().is_file():
        looked = ", ".join(str(f) for f in bundle.course_folders())
        raise ConfigError(f"no course.toml found (looked in {looked}): run the command in the course folder "
                          "or pass --config FILE")
    path = Path(path) if path is not None else find_course_toml()
    if not path.is_file():
        raise ConfigError(f"no course configuration at {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} is not valid TOML: {e}") from None

    limits_table = data.get("limits", {})
    limits = _limits(limits_table, Limits(), "[limits]")
    per_exercise = {name: _limits(t, limits, f"[limits.{name}]")
                    for name, t in limits_table.items() if isinstance(t, dict)}
    points, notes = {}, {}
    for name, entry in _exercise_tables(data.get("exercises", {}), path).items():
        points[name] = _points(entry.get("points"), name)
        notes[name] = tuple(_passage(p, f"[exercises.{name}].notes") for p in entry.get("notes", []))
        if isinstance(entry.get("limits"), dict):
            per_exercise[name] = _limits(entry["limits"], per_exercise.get(name, limits),
                                         f"[exercises.{name}.limits]")

    late = data.get("late", {})
    course = data.get("course", {})
    extensions = {}
    if late.get("extensions"):
        ext = Path(late["extensions"])
        extensions = read_extensions(ext if ext.is_absolute() else path.parent / ext)
    policy = LatePolicy(
        deadline=_datetime(course.get("deadline"), "[course].deadline"),
        grace_minutes=float(late.get("grace_minutes", 0)),
        percent_per_day=float(late.get("percent_per_day", 0)),
        cutoff_days=float(late["cutoff_days"]) if "cutoff_days" in late else None,
        extensions=extensions)
    return CourseConfig(
        name=str(course.get("name", "Course")), points=points,
        limits=limits, exercise_limits=per_exercise, late=policy,
        submission_mb=float(limits_table.get("submission_mb", 20)),
        file_mb=float(limits_table.get("file_mb", 2)), path=path, notes=notes)


def _exercise_tables(table: dict, path: Path) -> dict[str, dict]:
    """``[exercises]`` as name -> {points, notes, limits}; ``name = points`` is
    short for ``[exercises.name] points = ...``.  Every name must have its
    hidden suite in the grading bundle (when there is one), so a typo is
    caught here rather than graded as an empty exercise."""
    known = _known_exercises(path)
    out = {}
    for name, entry in table.items():
        if known is not None and name not in known:
            raise ConfigError(f"[exercises] has unknown exercise {name!r}; known: {', '.join(known)} "
                              "(each needs reference/hidden/<name>.py)")
        out[name] = entry if isinstance(entry, dict) else {"points": entry}
    return out


def _known_exercises(path: Path) -> list[str] | None:
    """The exercises with a hidden suite in the bundle beside ``path``, else in
    the course folder's bundle; None when there is no bundle (a student's copy)."""
    if (path.parent / bundle.HIDDEN / "__init__.py").is_file():
        return bundle.suite_names(path.parent)
    try:
        return bundle.suite_names(bundle.bundle_root())
    except bundle.BundleMissing:
        return None


def _points(value, name: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"[exercises].{name} must be a non-negative number of points")
    return float(value)


def _passage(value, where: str) -> Passage:
    """One notes passage: ``{file = "...", heading = "...", line = N}``."""
    try:
        passage = Passage(str(value["file"]), str(value["heading"]), int(value["line"]))
    except (TypeError, KeyError, ValueError):
        raise ConfigError(f"{where}: each passage needs file, heading and line, got {value!r}") from None
    if passage.line < 1:
        raise ConfigError(f"{where}: line must be 1 or more, got {passage.line}")
    return passage


def packaged_toml(config: CourseConfig) -> dict:
    """What a student's repository needs of ``config`` (the course's name, its
    exercises with their points and the sandbox limits; no deadline, no late
    policy, no notes), as TOML data: ``grader release`` writes it into the
    grader's wheel as the default course configuration."""
    def limits_data(limits: Limits, base: Limits | None) -> dict:
        data = {f.name: getattr(limits, f.name) for f in fields(Limits)
                if base is None or getattr(limits, f.name) != getattr(base, f.name)}
        if "preload" in data:
            data["preload"] = list(data["preload"])
        return data

    exercises = {}
    for name in config.exercises:
        entry: dict = {"points": config.points[name]}
        own = limits_data(config.limits_for(name), config.limits)
        if own:
            entry["limits"] = own
        exercises[name] = entry
    limits = limits_data(config.limits, None) | {"submission_mb": config.submission_mb, "file_mb": config.file_mb}
    if not limits.get("preload"):
        limits.pop("preload", None)
    return {"course": {"name": config.name}, "exercises": exercises, "limits": limits}
