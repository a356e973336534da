"""Per-quiz scores and report data, read from the gradebook's SQLite file.

``per_quiz_scores(db)`` is the one function exports use for quiz columns
(``gradebook.csv``, the LMS exports): ``{student: {quiz_id: (score, max_score)}}``
for every named quiz of the course (``quizzes.toml`` beside the bank), every
rostered-or-answering student.  ``quiz_reports(db)`` adds, per student and
quiz, the questions drawn, the answers, points and feedback as the quiz's
``show_feedback`` allows at the time of the call.  ``QuizResults(db)`` is what
the reports attach to each student's record (``grader.reports.with_quiz``).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from grader.course.bundle import BundleMissing
from grader.quiz.bank import Bank, BankError, load_bank
from grader.quiz.quizzes import QuizDefinition, QuizDefinitionError, load_quizzes
from grader.quiz.sittings import QuizService, utc_now
from grader.store.quiz_answers import QuizStore


def course_quizzes(bank: Bank | None = None) -> tuple[Bank | None, dict[str, QuizDefinition]]:
    """The course's bank and named quizzes; (None, {}) where the bank is not here."""
    try:
        bank = bank or load_bank()
        return bank, load_quizzes(bank)
    except (BankError, QuizDefinitionError, BundleMissing):
        return None, {}


def _service(db: Path, bank, quizzes, now) -> QuizService | None:
    if not quizzes or not Path(db).is_file():
        return None
    return QuizService(bank, QuizStore(db), quizzes, clock=lambda: now)


def _students(service: QuizService) -> set[str]:
    db = service.store._db()  # noqa: SLF001 - one read of who answered or started anything
    rows = db.execute("SELECT student FROM quiz_answers WHERE quiz != ''"
                      " UNION SELECT student FROM quiz_sittings").fetchall()
    return {r[0] for r in rows}


def per_quiz_scores(db: str | Path, bank: Bank | None = None,
                    quizzes: dict[str, QuizDefinition] | None = None,
                    students=None) -> dict[str, dict[str, tuple[float, float]]]:
    """``{student: {quiz_id: (score, max_score)}}`` for every named quiz.

    Students: ``students`` if given, else everyone who started or answered a named
    quiz.  A student who never took a quiz scores 0 of their draw's maximum."""
    if quizzes is None:
        bank, quizzes = course_quizzes(bank)
    service = _service(Path(db), bank, quizzes, utc_now())
    if service is None:
        return {}
    who = set(students) if students is not None else _students(service)
    return {s: {q: service.score(q, s) for q in quizzes} for s in sorted(who)}


def quiz_reports(db: str | Path, students, bank: Bank | None = None,
                 quizzes: dict[str, QuizDefinition] | None = None,
                 now: datetime | None = None) -> dict[str, list[dict]]:
    """``{student: [one dict per quiz]}`` for the student's report: id, title, score,
    max_score, and ``questions`` (prompt, points, answer, score, feedback) -- answers,
    points and feedback only where the quiz's ``show_feedback`` allows them now."""
    if quizzes is None:
        bank, quizzes = course_quizzes(bank)
    service = _service(Path(db), bank, quizzes, now or utc_now())
    if service is None:
        return {}
    out: dict[str, list[dict]] = {}
    for student in students:
        out[student] = [_one_report(service, quiz, student) for quiz in quizzes.values()]
    return out


def _one_report(service: QuizService, quiz: QuizDefinition, student: str) -> dict:
    status = service.status(quiz.id, student)
    rows: dict[str, list] = {}
    for row in service.store.answers(student, quiz.id):
        rows.setdefault(row["question_id"], []).append(row)
    questions = []
    for v in service.questions(quiz.id, student):
        tries = rows.get(v.id, [])
        item = {"id": v.id, "prompt": v.prompt, "points": v.points, "answered": bool(tries)}
        if tries and status.feedback_visible:
            last = tries[-1]
            item.update(answer=_answer_text(v, last["answer"]),
                        score=max(t["score"] for t in tries), correct=last["correct"],
                        feedback=last["feedback"])
        questions.append(item)
    score, max_score = service.score(quiz.id, student)
    return {"id": quiz.id, "title": quiz.title, "column": quiz.column, "score": score,
            "max_score": max_score, "state": status.state,
            "feedback_visible": status.feedback_visible, "questions": questions}


def student_view(report: dict) -> dict:
    """What the student may see of one quiz report now: the score only once the quiz's
    ``show_feedback`` allows it (the gradebook always has it)."""
    return report | {"score": report["score"] if report["feedback_visible"] else None}


class QuizResults:
    """The quiz fields of each student's gradebook record, read from ``db`` on demand:
    ``quiz`` (the whole-bank quiz, when anyone took it) and ``quizzes`` (one report per
    named quiz, when anyone started or answered a named quiz)."""

    def __init__(self, db: str | Path, bank: Bank | None = None,
                 quizzes: dict[str, QuizDefinition] | None = None):
        from grader.store.quiz_answers import quiz_scores
        self.whole_bank = quiz_scores(db)
        if quizzes is None:
            bank, quizzes = course_quizzes(bank)
        service = _service(Path(db), bank, quizzes, utc_now())
        self.service = service if service is not None and _students(service) else None

    def fields(self, student: str) -> dict:
        out: dict = {}
        if student in self.whole_bank:
            score, max_score = self.whole_bank[student]
            out["quiz"] = {"score": score, "max_score": max_score}
        if self.service is not None:
            out["quizzes"] = [_one_report(self.service, quiz, student)
                              for quiz in self.service.quizzes.values()]
        return out


def _answer_text(v, answer) -> str:
    texts = {c["id"]: c["text"] for c in v.choices}
    if isinstance(answer, list):
        return "; ".join(texts.get(str(a), str(a)) for a in answer)
    return texts.get(str(answer), str(answer))
