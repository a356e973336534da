"""Taking a quiz: the window, the server-side timer, answers and when feedback shows.

One ``QuizService`` serves every front end (the web blueprint, ``grader quiz
take``), so both follow the same definition, window and timer.  Time comes
from ``clock`` (a function returning an aware UTC datetime), so tests move
time instead of sleeping.

A student's state in a quiz (``Status.state``):

* ``not_open``   before ``opens``;
* ``ready``      open, not started (a time-limited quiz starts on request);
* ``running``    started, before the deadline, not handed in;
* ``over``       handed in, or the deadline passed (time limit or closing);
* ``closed``     never started and the quiz has closed.

The deadline is the earlier of ``started + time limit (+ extra minutes)`` and
the closing time (or the student's extended closing time).  An answer is
accepted only while ``running`` (the whole-bank quiz, with neither window nor
limit, is always running).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from grader.quiz.bank import Bank, QuestionVariant
from grader.quiz.grading import Verdict, grade_answer
from grader.quiz.quizzes import QuizDefinition
from grader.store.quiz_answers import AlreadyAnswered, QuizStore


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class QuizUnavailable(Exception):
    """The quiz does not take an answer now; the message says why, for the student."""


@dataclass(frozen=True)
class Status:
    state: str                        # not_open | ready | running | over | closed
    opens: datetime | None
    closes: datetime | None           # the student's own (extended) closing time
    deadline: datetime | None         # when answers stop being accepted (running only)
    started: datetime | None
    time_limit: float | None          # minutes, extensions included
    feedback_visible: bool
    now: datetime

    @property
    def seconds_left(self) -> float | None:
        if self.deadline is None or self.state != "running":
            return None
        return max(0.0, (self.deadline - self.now).total_seconds())

    def explain(self) -> str:
        """One sentence for the student about where the quiz stands."""
        if self.state == "not_open":
            return f"This quiz opens on {when(self.opens)}."
        if self.state == "closed":
            return f"This quiz closed on {when(self.closes)}."
        if self.state == "over":
            return "Your attempt is over: no more answers are accepted."
        if self.state == "ready":
            limit = f" You will have {self.time_limit:g} minutes once you start." \
                if self.time_limit else ""
            close = f" It closes on {when(self.closes)}." if self.closes else ""
            return f"This quiz is open.{limit}{close}"
        if self.seconds_left is not None:
            return f"Time left: {duration(self.seconds_left)} (until {when(self.deadline)})."
        return "This quiz is open."


def when(t: datetime | None) -> str:
    return t.strftime("%a %d %b %Y, %H:%M UTC") if t else "?"


def duration(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min {s:02d} s"


def _parse(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp).astimezone(timezone.utc) if stamp else None


class QuizService:
    """The quizzes of one course over one store."""

    def __init__(self, bank: Bank, store: QuizStore, quizzes: dict[str, QuizDefinition],
                 clock: Callable[[], datetime] = utc_now):
        self.bank, self.store, self.quizzes, self.clock = bank, store, dict(quizzes), clock
        self._draws: dict[tuple[str, str], list[QuestionVariant]] = {}
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()

    def quiz(self, quiz_id: str) -> QuizDefinition:
        try:
            return self.quizzes[quiz_id]
        except KeyError:
            raise KeyError(f"no quiz {quiz_id!r}") from None

    # ------------------------------------------------------------ the draw

    def questions(self, quiz_id: str, student: str) -> list[QuestionVariant]:
        """``student``'s drawn questions (computed once per process, then cached)."""
        key = (quiz_id, student)
        drawn = self._draws.get(key)
        if drawn is None:
            drawn = self.quiz(quiz_id).draw(self.bank, student)
            with self._lock:
                if len(self._draws) > 50_000:
                    self._draws.clear()
                drawn = self._draws.setdefault(key, drawn)
        return drawn

    def warm(self, students) -> int:
        """Draw every quiz for every student now (a parameterised question asks the
        reference implementation for its answer: milliseconds each), so that no student's
        first page waits for it; returns the number of draws."""
        for quiz_id in self.quizzes:
            for student in students:
                self.questions(quiz_id, student)
        return len(self.quizzes) * len(students)

    def question(self, quiz_id: str, student: str, question_id: str) -> QuestionVariant | None:
        for v in self.questions(quiz_id, student):
            if v.id == question_id:
                return v
        return None

    # ------------------------------------------------------------ window and timer

    def status(self, quiz_id: str, student: str, now: datetime | None = None) -> Status:
        quiz = self.quiz(quiz_id)
        now = now or self.clock()
        extra, closes = 0.0, quiz.closes
        if quiz.opens or quiz.closes or quiz.time_limit:
            for ext in self.store.extensions(quiz_id, student):
                extra += float(ext["extra_minutes"] or 0)
                later = _parse(ext["closes"])
                if later and (closes is None or later > closes):
                    closes = later
        limit = (quiz.time_limit + extra) if quiz.time_limit else None
        sitting = self.store.sitting(quiz_id, student) if (quiz.time_limit or quiz.opens
                                                            or quiz.closes) else None
        started = _parse(sitting[0]) if sitting else None
        finished = _parse(sitting[1]) if sitting else None
        deadline = closes
        if started and limit:
            end = started + timedelta(minutes=limit)
            deadline = end if deadline is None else min(deadline, end)
        if quiz.opens and now < quiz.opens:
            state = "not_open"
        elif finished or (started and deadline and now >= deadline):
            state = "over"
        elif started or not (quiz.time_limit or quiz.opens or quiz.closes):
            state = "running"
        elif closes and now >= closes:
            state = "closed"
        else:
            state = "ready"
        if not quiz.time_limit and state == "ready":
            state = "running"                 # nothing to start: open means answering
        visible = {"immediately": True,
                   "after_attempt": state in ("over", "closed"),
                   "after_close": bool(closes and now >= closes)}[quiz.show_feedback]
        return Status(state, quiz.opens, closes, deadline if state == "running" else None,
                      started, limit, visible, now)

    def start(self, quiz_id: str, student: str) -> Status:
        """Start the timer (a second start changes nothing)."""
        status = self.status(quiz_id, student)
        if status.state == "ready":
            with self.write_lock:
                self.store.start(quiz_id, student, status.now)
            return self.status(quiz_id, student)
        if status.state in ("not_open", "closed"):
            raise QuizUnavailable(status.explain())
        return status

    def finish(self, quiz_id: str, student: str) -> Status:
        """Hand the attempt in: no more answers; feedback shown after the attempt appears."""
        status = self.status(quiz_id, student)
        if status.state == "running":
            with self.write_lock:
                self.store.start(quiz_id, student, status.now)   # a quiz without timer: now
                self.store.finish(quiz_id, student, status.now)
        return self.status(quiz_id, student)

    # ------------------------------------------------------------ answers

    def answer(self, quiz_id: str, student: str, question_id: str, value) -> Verdict:
        """Grade and store one answer.  Raises ``QuizUnavailable`` (window or time),
        ``KeyError`` (not one of the student's questions), ``AlreadyAnswered``,
        ``InvalidAnswer`` (not an answer; no attempt used)."""
        quiz = self.quiz(quiz_id)
        variant = self.question(quiz_id, student, question_id)
        if variant is None:
            raise KeyError(f"{question_id!r} is not one of your questions")
        status = self.status(quiz_id, student)
        if status.state != "running":
            raise QuizUnavailable(_refusal(status))
        used, _best, solved = self.store.attempts(student, question_id, quiz_id)
        if solved or used >= quiz.attempts:
            raise AlreadyAnswered(student, question_id, used, quiz.attempts, solved)
        reveal = used + 1 >= quiz.attempts or quiz.show_feedback != "immediately"
        verdict = grade_answer(variant, value, reveal=reveal)
        # One answer is written at a time in this process: writers queue on this lock
        # (a fair, short wait) instead of on SQLite's busy timeout, whose sleeps make long
        # tails.  Only the write is inside: the store counts the attempts again in its
        # transaction and refuses one too many (AlreadyAnswered), also across processes.
        with self.write_lock:
            if status.started is None and (quiz.opens or quiz.closes):
                self.store.start(quiz_id, student, status.now)   # counts as started
            self.store.record(student, question_id, value, verdict, max_attempts=quiz.attempts,
                              params=dict(variant.params) or None, quiz=quiz_id)
        return verdict

    def score(self, quiz_id: str, student: str) -> tuple[float, float]:
        """(sum of the best score per drawn question, the student's maximum)."""
        drawn = self.questions(quiz_id, student)
        best: dict[str, float] = {}
        for row in self.store.answers(student, quiz_id):
            best[row["question_id"]] = max(best.get(row["question_id"], 0.0), row["score"])
        mine = {v.id for v in drawn}
        return (round(sum(s for q, s in best.items() if q in mine), 6),
                float(sum(v.points for v in drawn)))

    def extend(self, quiz_id: str, student: str, *, granted_by: str, reason: str,
               extra_minutes: float = 0.0, closes: datetime | None = None) -> Status:
        self.quiz(quiz_id)
        self.store.extend(quiz_id, student, granted_by=granted_by, reason=reason,
                          extra_minutes=extra_minutes, closes=closes, at=self.clock())
        return self.status(quiz_id, student)


def _refusal(status: Status) -> str:
    if status.state == "over" and status.started and status.time_limit:
        return "Time is up: your answer was not stored (the time limit has passed)."
    if status.state == "ready":
        return "Start the quiz first."
    return status.explain() + " Your answer was not stored."
