"""Quizzes: the question bank, per-student variants, grading, storage, exports.

Everything a front end (the web server in ``grader/quiz/server.py``, the
terminal mode ``grader quiz take``) needs is importable from here:

Bank
    ``load_bank(path=None) -> Bank``
        Read and validate the YAML bank (default: ``reference/quiz/`` of the
        grading bundle, found with ``grader.course.bundle.bundle_root()``).  A broken
        bank raises ``BankError`` whose message names the file, the question id
        and the problem.
    ``Bank.questions`` (list of ``Question``, bank order), ``Bank.ids``, ``Bank.topics``
    (topic id -> title, as the bank's files declare them),
    ``Bank.get(question_id) -> Question``, ``Bank.total_points``.
    ``Bank.variant(student_id) -> list[QuestionVariant]``
        The student's quiz: every question, parameterised ones with numbers
        drawn from a seed derived from sha256(student id, question id)
        (``seed_for``), so the same student always gets the same variant, in
        every process, on every machine.
    ``Bank.variant_for(student_id, question_id) -> QuestionVariant``
        One question of that quiz (use it to grade a posted answer).
    ``Bank.template() -> list[QuestionVariant]``  parameterised questions drawn
        with the fixed template seed (``TEMPLATE_SEED``), for previews/exports.

QuestionVariant (what a student may see; never holds correctness in public fields)
    ``id, type, topic, source, prompt`` (numbers filled in), ``choices``
    (list of ``{"id", "text"}`` dicts, [] for numeric types), ``points``,
    ``params`` (dict of drawn numbers, {} unless parameterised), ``student``.
    ``type`` is one of ``single_choice, multiple_choice, true_false, numeric,
    parameterised``; ``input_kind`` says how to ask: ``"radio"`` (single
    choice, true/false: one choice id), ``"checkbox"`` (multiple choice: a list
    of choice ids), ``"number"`` (numeric, parameterised: numeric text).
    ``to_public() -> dict`` is a JSON-safe dict of the fields above (safe to
    send to a browser).  The answer key lives only behind
    ``variant.key()`` (instructor side: exports and grading).

Grading
    ``grade_answer(variant, answer, reveal=True) -> Verdict``
        ``answer``: numeric text (``"0.731"``, ``"1,5"``, ``"-2e-3"``), a choice
        id (``"b"``; ``"true"``/``"false"`` for true/false), or a list of choice
        ids (multiple choice; a string ``"a,c"`` is accepted too).
        ``Verdict(correct: bool, score: float, max_score: float, feedback: str)``.
        Multiple choice scores Moodle-style: the sum of the chosen choices'
        percent weights, clamped to [0, 100] %.  ``reveal=False`` keeps the
        correct answer out of the feedback (use it while attempts remain).
        An answer that is not an answer at all (unknown choice id, text that is
        not a number, empty) raises ``InvalidAnswer`` (a ValueError with a
        sentence for the student); it must not use up an attempt.

Storage (the gradebook's SQLite file, e.g. ``DIR/gradebook.db``)
    ``QuizStore(db_path)``; each call opens its own connection, so one store
    may be shared by threads and many processes may use the same file
    (WAL mode, ``BEGIN IMMEDIATE``, ``UNIQUE(student, question_id, attempt)``).
    ``record(student, question_id, answer, verdict, max_attempts=1, params=None) -> int``
        Store one attempt atomically and return its number (1, 2, ...).
        Raises ``AlreadyAnswered`` when the student already used
        ``max_attempts`` attempts on the question or already answered it
        correctly; then nothing is stored.
    ``attempts(student, question_id) -> (used, best_score, solved)``
    ``answers(student) -> list[dict]`` (every stored attempt, in order; keys
        student, question_id, attempt, answer (decoded JSON), correct, score,
        max_score, feedback, params, answered_at); ``all_answers()`` the same
        for every student.
    ``results() -> list[dict]`` one row per student for an instructor page:
        student, score (sum of best score per question), max_score (sum of the
        answered questions' max), answered, correct, last_answered_at.
    ``quiz_scores(db, total=None) -> dict[str, tuple[float, float]]``
        ``{student: (score, max_score)}`` for the gradebook: score is the sum of
        the best score per question; max_score is ``total`` if given, else the
        bank's total points (``load_bank().total_points``), else (no bank on
        this machine) the sum of the answered questions' maxima.  A missing
        database or one without quiz tables gives ``{}``.

Named quizzes (``grader.quiz.quizzes``, ``grader.quiz.sittings``, ``grader.quiz.scores``)
    ``load_quizzes(bank, path=None) -> {id: QuizDefinition}`` from quizzes.toml beside
        the bank (format in quizzes.py); ``QuizDefinition.draw(bank, student)`` the
        student's questions (deterministic, shuffled, points set).
    ``QuizService(bank, store, quizzes, clock)``: ``status`` (window and timer),
        ``start``, ``answer`` (refuses outside the window or after time is up),
        ``finish``, ``extend``, ``score``.  Both front ends go through it.
    ``per_quiz_scores(db) -> {student: {quiz_id: (score, max_score)}}`` for exports.

Roster and configuration
    ``load_roster(csv_path) -> {token: student_id}`` (CSV columns student,token;
        raises ``RosterError``).
    ``load_quiz_config(config_path=None) -> QuizConfig(attempts=1, path)``:
        the ``[quiz]`` table of course.toml (the file ``grader.course.config.load``
        resolves); ``attempts`` is the number of submissions allowed per
        question (``max_attempts`` is accepted as the same setting).

Command line (grader/cli/quiz.py)
    ``grader quiz export`` and ``grader quiz take`` live in grader/cli/quiz.py;
    ``grader quiz serve`` is the click command ``serve`` of
    ``grader/quiz/server.py``, which the ``quiz`` group imports only when it is
    invoked.

Exports
    ``export_text(bank, fmt, student=None) -> str`` with fmt in
    ``json, gift, moodle-xml`` (see ``grader.quiz.export``).
"""
from __future__ import annotations

from grader.quiz.bank import (TEMPLATE_SEED, Bank, BankError, Choice, Question, QuestionVariant,
                   default_bank_path, load_bank, seed_for)
from grader.quiz.grading import InvalidAnswer, Verdict, grade_answer, parse_number
from grader.quiz.roster import RosterError, load_roster
from grader.quiz.settings import QuizConfig, QuizConfigError, load_quiz_config
from grader.store.quiz_answers import AlreadyAnswered, QuizStore, quiz_scores


def export_text(bank, fmt, student=None):
    """The bank (``student``'s variant, or the template) as json / gift / moodle-xml text."""
    from grader.quiz.export import export_text as _export
    return _export(bank, fmt, student)


__all__ = [
    "TEMPLATE_SEED", "Bank", "BankError", "Choice", "Question", "QuestionVariant",
    "default_bank_path", "load_bank", "seed_for", "InvalidAnswer", "Verdict", "grade_answer",
    "parse_number", "RosterError", "load_roster", "QuizConfig", "QuizConfigError",
    "load_quiz_config", "AlreadyAnswered", "QuizStore", "quiz_scores", "export_text",
]
