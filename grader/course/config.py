"""The course configuration: ``course.toml`` at the project's top level.

Exercises and their points, the deadline and late policy, and the sandbox's
limits.  Defaults live here so a course.toml only needs what it changes.
"""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path

from grader.sandbox.limits import Limits

EXERCISES = ("neuron", "perceptron", "mlp", "optimizers", "dropout", "keras_dnn")
DEFAULT_POINTS = {"neuron": 20, "perceptron": 15, "mlp": 20, "optimizers": 15,
                  "dropout": 15, "keras_dnn": 15}
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class ConfigError(Exception):
    """course.toml is missing something or has a wrong value."""


@dataclass(frozen=True)
class LatePolicy:
    deadline: datetime | None = None
    grace_minutes: float = 0.0
    percent_per_day: float = 0.0
    cutoff_days: float | None = None
    extensions: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CourseConfig:
    name: str
    points: dict[str, float]
    limits: Limits
    exercise_limits: dict[str, Limits]
    late: LatePolicy
    submission_mb: float = 20.0
    file_mb: float = 2.0
    path: Path | None = None

    @property
    def exercises(self) -> tuple[str, ...]:
        return tuple(self.points)

    def limits_for(self, exercise: str) -> Limits:
        return self.exercise_limits.get(exercise, self.limits)


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


def load(path: str | Path | None = None) -> CourseConfig:
    """Read ``path`` (default: ./course.toml, else the project's)."""
    if path is None:
        candidates = [Path("course.toml"), PROJECT_ROOT / "course.toml",
                      Path(__file__).resolve().parents[1] / "publish" / "distribution" / "course.toml"]  # installed from a wheel
        path = next((p for p in candidates if p.is_file()), candidates[0])
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"no course configuration at {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} is not valid TOML: {e}") from None

    points = data.get("exercises", DEFAULT_POINTS)
    for name, value in points.items():
        if name not in EXERCISES:
            raise ConfigError(f"[exercises] has unknown exercise {name!r}; known: {', '.join(EXERCISES)}")
        if not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"[exercises].{name} must be a non-negative number")
    limits_table = data.get("limits", {})
    limits = _limits(limits_table, Limits(), "[limits]")
    per_exercise = {name: _limits(t, limits, f"[limits.{name}]")
                    for name, t in limits_table.items() if isinstance(t, dict)}

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
        name=str(course.get("name", "Course")), points={k: float(v) for k, v in points.items()},
        limits=limits, exercise_limits=per_exercise, late=policy,
        submission_mb=float(limits_table.get("submission_mb", 20)),
        file_mb=float(limits_table.get("file_mb", 2)), path=path)
