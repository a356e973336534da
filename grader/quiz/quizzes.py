"""Named quizzes: what an instructor builds from the bank, and each student's draw.

Defined in ``quizzes.toml`` beside the bank (``reference/quiz/quizzes.toml``)::

    [[quiz]]
    id = "week3"                       # [a-z0-9][a-z0-9_-]*; the gradebook column is quiz_week3
    title = "Week 3: activations and backprop"
    opens = 2026-11-16T09:00:00Z       # TOML dates with a time zone (or quoted ISO text)
    closes = 2026-11-20T17:00:00Z
    time_limit_minutes = 30            # from the moment the student starts; 0 or absent: none
    attempts = 1                       # answers allowed per question (none after a right one);
                                       # more than 1 only with show_feedback = "immediately"
    show_feedback = "after_attempt"    # immediately | after_attempt | after_close
    shuffle_questions = true           # default true
    shuffle_choices = true             # default true; a question with `shuffle: false` keeps its order

    [[quiz.section]]
    title = "Activations"
    draw = 4                           # questions drawn from the pool below
    topics = ["activations"]           # the pool: questions of these topics,
    tags = []                          #   or with one of these tags,
    ids = []                           #   or with these ids (at least one of the three)
    points = 1                         # points per drawn question (default: the question's own)

The draw is deterministic: a section draws from a seed made of the student id,
the quiz id and the section's position (sha256, ``seed_for``), so a student
gets the same questions on every visit, in every process and on every
regrade, and two students usually get different ones.  A question drawn by
an earlier section is not drawn again.  The order of questions (when
``shuffle_questions``) and of each question's choices (when
``shuffle_choices`` and the question does not pin them) is drawn from the
same per-student, per-quiz seed.  True/false choices always read True, False.

A course without ``quizzes.toml`` has no named quizzes; ``whole_bank`` is
the quiz of every question in bank order, always open (the practice mode
``grader quiz serve`` falls back to).
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from grader.quiz.bank import Bank, QuestionVariant, checked_id, make_variant, seed_for
from grader.quiz.params import Draw

QUIZZES_FILE = "quizzes.toml"
FEEDBACK_WHEN = ("immediately", "after_attempt", "after_close")
QUIZ_KEYS = {"id", "title", "opens", "closes", "time_limit_minutes", "attempts",
             "show_feedback", "shuffle_questions", "shuffle_choices", "section"}
SECTION_KEYS = {"title", "draw", "topics", "tags", "ids", "points"}
#: The quiz id under which answers to the whole bank (practice mode) are stored.
WHOLE_BANK = ""


class QuizDefinitionError(ValueError):
    """quizzes.toml is malformed or does not fit the bank; ``errors`` lists every problem."""

    def __init__(self, errors):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("invalid quiz definitions:\n  " + "\n  ".join(self.errors))


@dataclass(frozen=True)
class Section:
    title: str
    draw: int
    pool: tuple[str, ...]            # question ids the section draws from, bank order
    points: float | None = None      # per question; None: the question's own


@dataclass(frozen=True)
class QuizDefinition:
    id: str
    title: str
    sections: tuple[Section, ...]
    opens: datetime | None = None
    closes: datetime | None = None
    time_limit: float | None = None  # minutes
    attempts: int = 1
    show_feedback: str = "immediately"
    shuffle_questions: bool = True
    shuffle_choices: bool = True

    @property
    def question_count(self) -> int:
        return sum(s.draw for s in self.sections)

    @property
    def column(self) -> str:
        """The quiz's column in gradebook.csv."""
        return f"quiz_{self.id}" if self.id else "quiz"

    def max_points(self, bank: Bank, student: str) -> float:
        return float(sum(v.points for v in self.draw(bank, student)))

    def draw(self, bank: Bank, student: str) -> list[QuestionVariant]:
        """``student``'s questions, in their order, choices in their order, points set."""
        if not isinstance(student, str) or not student.strip():
            raise ValueError(f"student id must be a non-empty string, got {student!r}")
        picked: list[tuple[str, float | None]] = []
        taken: set[str] = set()
        for number, section in enumerate(self.sections):
            pool = [qid for qid in section.pool if qid not in taken]
            rng = Draw(seed_for(student, f"{self.id}\x1esection-{number}"))
            chosen = set(rng.sample(pool, section.draw))
            for qid in pool:                       # bank order within the section
                if qid in chosen:
                    picked.append((qid, section.points))
                    taken.add(qid)
        order = Draw(seed_for(student, f"{self.id}\x1eorder"))
        if self.shuffle_questions:
            picked = order.shuffle(picked)
        variants = []
        for qid, points in picked:
            v = make_variant(bank.get(qid), student)
            if points is not None:
                v.points = float(points)
            if self.shuffle_choices and v.question.shuffle and v.type != "true_false":
                v.choices = order.shuffle(v.choices)
            variants.append(v)
        return variants


def whole_bank(bank: Bank, attempts: int = 1, title: str = "Quiz") -> QuizDefinition:
    """Every question of the bank, bank order, always open: the practice quiz."""
    return QuizDefinition(id=WHOLE_BANK, title=title,
                          sections=(Section("All questions", len(bank), tuple(bank.ids)),),
                          attempts=attempts, shuffle_questions=False, shuffle_choices=False)


def default_quizzes_path(bank: Bank) -> Path | None:
    if bank.path is None:
        return None
    folder = bank.path if bank.path.is_dir() else bank.path.parent
    return folder / QUIZZES_FILE


def load_quizzes(bank: Bank, path: str | Path | None = None) -> dict[str, QuizDefinition]:
    """The named quizzes of ``path`` (default: quizzes.toml beside the bank), by id, in
    file order; ``{}`` when the default file does not exist."""
    explicit = path is not None
    path = Path(path) if explicit else default_quizzes_path(bank)
    if path is None or not path.is_file():
        if explicit:
            raise QuizDefinitionError(f"no quiz definitions at {path}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise QuizDefinitionError(f"{path.name}: cannot be read: {e}") from None
    return parse_quizzes(data, bank, path.name)


def parse_quizzes(data: dict, bank: Bank, where: str = QUIZZES_FILE) -> dict[str, QuizDefinition]:
    errors: list[str] = []
    raw_quizzes = data.get("quiz", [])
    if set(data) - {"quiz"}:
        errors.append(f"{where}: unknown table(s) {', '.join(sorted(set(data) - {'quiz'}))}; "
                      "only [[quiz]] entries")
    if not isinstance(raw_quizzes, list):
        raise QuizDefinitionError(f"{where}: quizzes are [[quiz]] entries")
    quizzes: dict[str, QuizDefinition] = {}
    for i, raw in enumerate(raw_quizzes):
        quiz = _parse_quiz(raw, bank, f"{where}: quiz #{i + 1}", errors)
        if quiz is None:
            continue
        if quiz.id in quizzes:
            errors.append(f"{where}: quiz {quiz.id!r} is defined twice")
        quizzes[quiz.id] = quiz
    if errors:
        raise QuizDefinitionError(errors)
    return quizzes


def _parse_quiz(raw, bank: Bank, where: str, errors: list[str]) -> QuizDefinition | None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: expected a table")
        return None
    qid = checked_id(raw, where, errors)
    if qid is None:
        return None
    where = where.split(":")[0] + f": quiz {qid!r}"
    before = len(errors)

    def err(msg):
        errors.append(f"{where}: {msg}")

    if set(raw) - QUIZ_KEYS:
        err(f"unknown key(s) {', '.join(sorted(set(raw) - QUIZ_KEYS))}; "
            f"allowed: {', '.join(sorted(QUIZ_KEYS))}")
    title = raw.get("title", qid)
    if not isinstance(title, str) or not title.strip():
        err("'title' must be non-empty text")
    opens, closes = _when(raw.get("opens"), "opens", err), _when(raw.get("closes"), "closes", err)
    if opens and closes and closes <= opens:
        err(f"'closes' ({closes.isoformat()}) must be after 'opens' ({opens.isoformat()})")
    limit = raw.get("time_limit_minutes", 0)
    if not _number(limit) or limit < 0:
        err(f"'time_limit_minutes' must be a number >= 0, got {limit!r}")
        limit = 0
    attempts = raw.get("attempts", 1)
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
        err(f"'attempts' must be an integer >= 1, got {attempts!r}")
    show = raw.get("show_feedback", "immediately")
    if show not in FEEDBACK_WHEN:
        err(f"'show_feedback' must be one of {', '.join(FEEDBACK_WHEN)}, got {show!r}")
    if show != "immediately" and attempts != 1:
        err("more than one attempt per question needs show_feedback = \"immediately\" "
            "(the best attempt counts: unseen verdicts would reward answering everything)")
    if show == "after_close" and closes is None:
        err("'show_feedback' = \"after_close\" needs a 'closes' time")
    flags = {}
    for key in ("shuffle_questions", "shuffle_choices"):
        flags[key] = raw.get(key, True)
        if not isinstance(flags[key], bool):
            err(f"'{key}' must be true or false, got {flags[key]!r}")
    raw_sections = raw.get("section")
    if not isinstance(raw_sections, list) or not raw_sections:
        err("needs at least one [[quiz.section]]")
        raw_sections = []
    sections: list[Section] = []
    for n, rs in enumerate(raw_sections):
        section = _parse_section(rs, bank, f"section #{n + 1}", err)
        if section is not None:
            # the worst case: earlier sections drew as much as they can from this pool
            pool = set(section.pool)
            free = len(pool) - sum(min(e.draw, len(pool & set(e.pool))) for e in sections)
            if section.draw > free:
                err(f"section {section.title!r} draws {section.draw} questions from a pool of "
                    f"{free} (at worst, after earlier sections' questions)")
            sections.append(section)
    if len(errors) > before:
        return None
    return QuizDefinition(id=qid, title=title.strip(), sections=tuple(sections), opens=opens,
                          closes=closes, time_limit=float(limit) or None, attempts=attempts,
                          show_feedback=show, **flags)


def _parse_section(raw, bank: Bank, where: str, err) -> Section | None:
    if not isinstance(raw, dict):
        err(f"{where}: expected a table")
        return None
    if set(raw) - SECTION_KEYS:
        err(f"{where}: unknown key(s) {', '.join(sorted(set(raw) - SECTION_KEYS))}; "
            f"allowed: {', '.join(sorted(SECTION_KEYS))}")
        return None
    title = raw.get("title", where)
    lists = {}
    for key in ("topics", "tags", "ids"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            err(f"{where}: '{key}' must be a list of names")
            return None
        lists[key] = value
    if not any(lists.values()):
        err(f"{where}: name the pool with 'topics', 'tags' or 'ids'")
        return None
    for t in lists["topics"]:
        if t not in bank.topics:
            err(f"{where}: no topic {t!r} in the bank (topics: {', '.join(bank.topics)})")
    for q in lists["ids"]:
        if q not in bank.ids:
            err(f"{where}: no question {q!r} in the bank")
    pool = tuple(q.id for q in bank if q.topic in lists["topics"] or q.id in lists["ids"]
                 or set(q.tags) & set(lists["tags"]))
    for t in lists["tags"]:
        if not any(t in q.tags for q in bank):
            err(f"{where}: no question of the bank has the tag {t!r}")
    draw = raw.get("draw", len(pool))
    if not isinstance(draw, int) or isinstance(draw, bool) or draw < 1:
        err(f"{where}: 'draw' must be an integer >= 1, got {draw!r}")
        return None
    points = raw.get("points")
    if points is not None and (not _number(points) or points <= 0):
        err(f"{where}: 'points' must be a positive number, got {points!r}")
        return None
    return Section(title=str(title), draw=draw, pool=pool,
                   points=float(points) if points is not None else None)


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _when(value, key: str, err) -> datetime | None:
    """A TOML datetime or ISO text with a time zone, as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            err(f"'{key}' is not a date and time: {value!r}")
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        err(f"'{key}' needs a time of day too, got the date {value.isoformat()}")
        return None
    if not isinstance(value, datetime):
        err(f"'{key}' must be a date and time, got {value!r}")
        return None
    if value.tzinfo is None:
        err(f"'{key}' needs a time zone (e.g. 2026-11-16T09:00:00+01:00 or ...Z)")
        return None
    return value.astimezone(timezone.utc)

