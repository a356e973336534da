"""Each student's draw of a named quiz: deterministic, varied, by section; questions and
choices shuffled per student unless pinned; definitions checked with clear errors."""
from __future__ import annotations

import subprocess
import sys

import pytest
from named_quiz_helpers import STUDENTS

from grader.quiz.quizzes import QuizDefinitionError, parse_quizzes


def fingerprint(variants):
    return [(v.id, tuple(c["id"] for c in v.choices), v.points) for v in variants]


def test_a_student_gets_the_same_draw_every_time_and_in_another_process(bank, quizzes):
    quiz = quizzes["timed"]
    first = fingerprint(quiz.draw(bank, "s01"))
    assert fingerprint(quiz.draw(bank, "s01")) == first
    code = ("import sys, json; from grader.quiz import load_bank; "
            "from grader.quiz.quizzes import load_quizzes; b = load_bank(sys.argv[1]); "
            "q = load_quizzes(b)['timed']; print(json.dumps([[v.id, [c['id'] for c in v.choices], "
            "v.points] for v in q.draw(b, 's01')]))")
    out = subprocess.run([sys.executable, "-c", code, str(bank.path)], capture_output=True,
                         text=True, check=True).stdout
    import json
    assert [(i, tuple(c), p) for i, c, p in json.loads(out)] == first


def test_draws_differ_between_students(bank, quizzes):
    quiz = quizzes["timed"]
    sets = {frozenset(v.id for v in quiz.draw(bank, s)) for s in STUDENTS}
    orders = {tuple(v.id for v in quiz.draw(bank, s)) for s in STUDENTS}
    assert len(sets) > 3 and len(orders) > 6


def test_sections_draw_their_number_from_their_pool_with_their_points(bank, quizzes):
    quiz = quizzes["timed"]
    for s in STUDENTS:
        drawn = quiz.draw(bank, s)
        alpha = [v for v in drawn if v.topic == "alpha"]
        beta = [v for v in drawn if v.topic == "beta"]
        assert len(alpha) == 3 and len(beta) == 2 and len({v.id for v in drawn}) == 5
        assert all(v.points == 2 for v in alpha)                      # the section's points
        assert all(v.points == bank.get(v.id).points for v in beta)   # the questions' own
    assert quiz.question_count == 5


def test_sections_by_tag_and_by_id_and_no_question_twice(bank, quizzes):
    quiz = quizzes["open"]
    drawn = quiz.draw(bank, "s03")
    assert [v.id for v in drawn] == ["a0", "a1", "a-pinned", "b-num"]  # not shuffled: bank order


def test_choices_are_shuffled_per_student_unless_pinned(bank, quizzes):
    quiz = quizzes["timed"]
    orders, pinned_seen = set(), 0
    for s in STUDENTS * 3:
        for v in quiz.draw(bank, s + "x"):
            ids = tuple(c["id"] for c in v.choices)
            assert sorted(ids) == sorted(c.id for c in bank.get(v.id).choices)
            if v.id == "a-pinned":
                pinned_seen += 1
                assert ids == ("a", "b", "c", "d")
            elif v.type == "true_false":
                assert ids == ("true", "false")
            elif v.type == "single_choice":
                orders.add(ids)
    assert pinned_seen > 0 and len(orders) > 5


def test_a_quiz_without_shuffling_keeps_the_bank_order_of_choices(bank):
    quizzes = parse_quizzes({"quiz": [{"id": "plain", "shuffle_choices": False, "shuffle_questions": False,
                                       "section": [{"topics": ["alpha"], "draw": 7}]}]}, bank)
    drawn = quizzes["plain"].draw(bank, "s01")
    assert [v.id for v in drawn] == [q.id for q in bank if q.topic == "alpha"]
    assert all(tuple(c["id"] for c in v.choices) == ("a", "b", "c", "d") for v in drawn)


@pytest.mark.parametrize("quiz, message", [
    ({"id": "x", "section": [{"topics": ["alpha"], "draw": 8}]}, "draws 8 questions from a pool of 7"),
    ({"id": "x", "section": [{"topics": ["gamma"]}]}, "no topic 'gamma'"),
    ({"id": "x", "section": [{"tags": ["nope"]}]}, "no question of the bank has the tag 'nope'"),
    ({"id": "x", "section": [{"ids": ["zz"]}]}, "no question 'zz'"),
    ({"id": "x", "section": [{"draw": 1}]}, "name the pool"),
    ({"id": "x", "section": []}, "at least one [[quiz.section]]"),
    ({"id": "x", "opens": "2026-11-16T10:00:00", "section": [{"topics": ["beta"]}]}, "needs a time zone"),
    ({"id": "x", "opens": "2026-11-16T10:00:00Z", "closes": "2026-11-16T09:00:00Z",
      "section": [{"topics": ["beta"]}]}, "must be after 'opens'"),
    ({"id": "x", "attempts": 2, "show_feedback": "after_attempt", "section": [{"topics": ["beta"]}]},
     "more than one attempt"),
    ({"id": "x", "show_feedback": "after_close", "section": [{"topics": ["beta"]}]}, "needs a 'closes'"),
    ({"id": "x", "colour": 1, "section": [{"topics": ["beta"]}]}, "unknown key(s) colour"),
    ({"id": "X y", "section": [{"topics": ["beta"]}]}, "'id' must match"),
])
def test_definition_errors_are_one_clear_line_each(bank, quiz, message):
    with pytest.raises(QuizDefinitionError) as err:
        parse_quizzes({"quiz": [quiz]}, bank)
    assert message in str(err.value)


def test_second_section_draws_from_what_the_first_left(bank):
    quizzes = parse_quizzes({"quiz": [{"id": "x", "section": [
        {"tags": ["core"], "draw": 1}, {"topics": ["alpha"], "draw": 6},
    ]}]}, bank)
    with pytest.raises(QuizDefinitionError, match="pool of 6 .at worst"):
        parse_quizzes({"quiz": [{"id": "y", "section": [
            {"tags": ["core"], "draw": 1}, {"topics": ["alpha"], "draw": 7}]}]}, bank)
    for s in STUDENTS:
        ids = [v.id for v in quizzes["x"].draw(bank, s)]
        assert len(ids) == len(set(ids)) == 7


def test_the_course_quizzes_load_and_draw(tmp_path):
    from grader.quiz import load_bank
    from grader.quiz.quizzes import load_quizzes
    bank = load_bank()
    course = load_quizzes(bank)
    assert course, "reference/quiz/quizzes.toml defines the course's quizzes"
    for quiz in course.values():
        assert len(quiz.draw(bank, "alice")) == quiz.question_count
