"""No answer key reaches the browser before the student has answered.

For every question of the course's bank: the pages served before that
question is answered (sign-in, the quiz page, the pages of bad requests, of
refused second attempts, the redirects) carry none of the text only the
answer key could write (the verdicts' feedback for a right and a wrong
answer, revealed answers, general and per-choice feedback), no correctness
mark on any choice (every choice is marked up exactly like the others), and
not the numeric answer.  Once a question is answered, its own feedback is
shown, in its own section only.

Each student of the roster answers a quarter of the questions (in turn, right
and wrong alternately), so every question is answered once by someone while
the pages are checked for all the questions that student has not answered.
"""
from __future__ import annotations

import pytest
from quiz_server_helpers import (STUDENTS, Student, assert_unanswered_question_hides_key, esc,
                                 occurrences, present, right_answer, secrets_of, section,
                                 shown_texts, text, wrong_answer)

from grader.quiz import grade_answer


def assert_no_key(body: str, pending, secrets, universe, allowed):
    leaked = present(body, universe) - allowed
    for v in pending:
        bad = secrets[v.id] & leaked
        assert not bad, f"{v.id}: a page shows {sorted(bad)} before the question is answered"


@pytest.mark.parametrize("student", STUDENTS)
def test_no_answer_key_before_each_question_is_answered(app, bank, tokens, student):
    variants = bank.variant(student)
    shown = shown_texts(variants)
    secrets = {v.id: frozenset(secrets_of(v, shown)) for v in variants}
    universe = frozenset().union(*secrets.values())
    k = STUDENTS.index(student)
    s = Student(app, tokens[student])
    page = text(s.get("/quiz"))
    for body in s.bodies:
        assert_no_key(body, variants, secrets, universe, frozenset())
    for v in variants:
        assert_unanswered_question_hides_key(v, page, set())   # markup only: secrets done above

    answered: list = []
    allowed: frozenset[str] = frozenset()       # feedback of the questions answered so far
    for i, v in enumerate(variants[k::len(STUDENTS)]):
        pending = [u for u in variants if u not in answered]
        start = len(s.bodies)
        # a bad request about this question first: its page still hides every key
        r = s.answer(v.id, [] if v.type == "multiple_choice" else "")
        assert r.status_code == 400
        bad_page = text(r)

        answer = right_answer(v) if (i + k) % 2 else wrong_answer(v)
        assert s.answer(v.id, answer).status_code == 303
        for body in s.bodies[start:]:
            assert_no_key(body, pending, secrets, universe, allowed)
        answered.append(v)
        pending.remove(v)
        earlier, allowed = allowed, allowed | secrets[v.id]

        page = text(s.get("/quiz"))
        sec = section(page, v.id)
        for line in grade_answer(v, answer).feedback.splitlines():
            escaped = esc(line.strip())
            assert escaped in sec
            if escaped in secrets[v.id] - earlier:   # a line of its own: in this section only
                assert occurrences(escaped, page) == occurrences(escaped, sec), line
        assert s.answer(v.id, answer).status_code == 409
        for body in s.bodies[-2:]:
            assert_no_key(body, pending, secrets, universe, allowed)
        for u in pending:
            for body in (bad_page, page, s.pages[-1]):
                assert_unanswered_question_hides_key(u, body, set())


def test_other_students_answers_do_not_leak_the_key(app, bank, tokens):
    """alice answers everything (and sees the revealed answers); bob's pages stay clean."""
    alice = Student(app, tokens["alice"])
    for v in bank.variant("alice"):
        assert alice.answer(v.id, wrong_answer(v)).status_code == 303
    bob = Student(app, tokens["bob"])
    page = text(bob.get("/quiz"))
    variants = bank.variant("bob")
    shown = shown_texts(variants)
    for v in variants:
        assert_unanswered_question_hides_key(v, page, secrets_of(v, shown))
