"""The ``[quiz]`` table of course.toml.

    [quiz]
    attempts = 1        # answers a student may submit per question (>= 1);
                        # ``max_attempts`` is accepted as another name for it

The file is the one ``grader.course.config.load`` resolves (``--config``, else
./course.toml, else the project's); grader/config.py itself does not know the
table, so it is parsed here.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ATTEMPTS = 1


class QuizConfigError(ValueError):
    """The [quiz] table of course.toml has a wrong value."""


@dataclass(frozen=True)
class QuizConfig:
    attempts: int = DEFAULT_ATTEMPTS
    path: Path | None = None


def _course_toml(config_path) -> Path | None:
    from grader.course import config as course_config
    try:
        return course_config.load(config_path).path
    except course_config.ConfigError as e:
        if config_path is None and str(e).startswith("no course configuration"):
            return None        # no course.toml at all: the defaults
        raise QuizConfigError(str(e)) from None


def load_quiz_config(config_path: str | Path | None = None) -> QuizConfig:
    path = _course_toml(config_path)
    if path is None:
        return QuizConfig()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise QuizConfigError(f"cannot read {path}: {e}") from None
    table = data.get("quiz", {})
    if not isinstance(table, dict):
        raise QuizConfigError(f"{path}: [quiz] must be a table")
    attempts = table.get("attempts", table.get("max_attempts", DEFAULT_ATTEMPTS))
    if "attempts" in table and "max_attempts" in table and table["attempts"] != table["max_attempts"]:
        raise QuizConfigError(f"{path}: [quiz] sets attempts = {table['attempts']!r} and "
                              f"max_attempts = {table['max_attempts']!r}; keep one")
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        raise QuizConfigError(f"{path}: [quiz].attempts must be an integer >= 1, got {attempts!r}")
    return QuizConfig(attempts=attempts, path=Path(path))
