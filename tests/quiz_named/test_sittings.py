"""Windows, the server-side timer, extensions and when feedback shows, with a clock the
test moves (no sleeps), through the same QuizService the web pages and the terminal use."""
from __future__ import annotations

from datetime import timedelta

import pytest
from named_quiz_helpers import START, right_answer

from grader.quiz import AlreadyAnswered, InvalidAnswer
from grader.quiz.sittings import QuizUnavailable


def first(service, quiz="timed", student="s01"):
    return service.questions(quiz, student)[0]


def test_before_opening_nothing_is_accepted_and_the_opening_is_said(service, clock):
    status = service.status("timed", "s01")
    assert status.state == "not_open" and "opens on Mon 16 Nov 2026, 09:00 UTC" in status.explain()
    with pytest.raises(QuizUnavailable, match="opens on"):
        service.start("timed", "s01")
    v = first(service)
    with pytest.raises(QuizUnavailable, match="not stored"):
        service.answer("timed", "s01", v.id, right_answer(v))
    assert service.store.answers("s01", "timed") == []


def test_the_timer_runs_from_the_start_and_a_late_answer_is_refused(service, clock):
    clock.set(hours=2)                                   # 10:00, open
    assert service.status("timed", "s01").state == "ready"
    status = service.start("timed", "s01")
    assert status.state == "running" and status.seconds_left == 600
    assert status.deadline == START + timedelta(hours=2, minutes=10)
    again = service.start("timed", "s01")                # a second start changes nothing
    assert again.started == status.started
    v1, v2 = service.questions("timed", "s01")[:2]
    clock.advance(minutes=9, seconds=59)
    assert service.status("timed", "s01").seconds_left == 1
    service.answer("timed", "s01", v1.id, right_answer(v1))
    clock.advance(seconds=1)                             # exactly at the deadline: over
    with pytest.raises(QuizUnavailable, match="Time is up"):
        service.answer("timed", "s01", v2.id, right_answer(v2))
    assert [r["question_id"] for r in service.store.answers("s01", "timed")] == [v1.id]
    assert service.status("timed", "s01").state == "over"


def test_the_closing_time_cuts_the_time_limit_short(service, clock):
    clock.set(hours=8, minutes=55)                       # 16:55: five minutes before closing
    status = service.start("timed", "s02")
    assert status.seconds_left == 300
    clock.advance(minutes=5)
    assert service.status("timed", "s02").state == "over"


def test_after_closing_a_student_who_never_started_sees_when_it_closed(service, clock):
    clock.set(hours=10)
    status = service.status("timed", "s03")
    assert status.state == "closed" and "closed on Mon 16 Nov 2026, 17:00 UTC" in status.explain()
    with pytest.raises(QuizUnavailable, match="closed"):
        service.start("timed", "s03")


def test_extra_minutes_extend_one_students_timer_and_are_recorded(service, clock):
    clock.set(hours=2)
    service.start("timed", "s04")
    service.start("timed", "s05")
    clock.advance(minutes=10)
    assert service.status("timed", "s04").state == "over"
    status = service.extend("timed", "s04", granted_by="Dr Lee", reason="disability plan",
                            extra_minutes=5)
    assert status.state == "running" and status.seconds_left == 300 and status.time_limit == 15
    assert service.status("timed", "s05").state == "over"          # only that student
    v = first(service, student="s04")
    service.answer("timed", "s04", v.id, right_answer(v))
    [ext] = service.store.extensions("timed", "s04")
    assert ext["granted_by"] == "Dr Lee" and ext["reason"] == "disability plan"
    assert ext["extra_minutes"] == 5 and ext["granted_at"].startswith("2026-11-16T10:10")


def test_a_later_closing_time_lets_one_student_start_after_the_others(service, clock):
    clock.set(hours=10)
    later = START + timedelta(hours=12)
    service.extend("timed", "s06", granted_by="Dr Lee", reason="was ill on Monday", closes=later)
    assert service.status("timed", "s06").state == "ready"
    assert service.status("timed", "s07").state == "closed"
    assert service.start("timed", "s06").seconds_left == 600


def test_an_extension_needs_who_and_why(service):
    with pytest.raises(ValueError, match="who granted it and why"):
        service.extend("timed", "s01", granted_by=" ", reason="x", extra_minutes=5)
    with pytest.raises(ValueError, match="more minutes or a later closing"):
        service.extend("timed", "s01", granted_by="Dr Lee", reason="x")


def test_after_attempt_feedback_shows_once_handed_in(service, clock):
    clock.set(hours=2)
    service.start("timed", "s08")
    v = first(service, student="s08")
    service.answer("timed", "s08", v.id, right_answer(v))
    assert not service.status("timed", "s08").feedback_visible
    status = service.finish("timed", "s08")
    assert status.state == "over" and status.feedback_visible
    with pytest.raises(QuizUnavailable):
        service.answer("timed", "s08", service.questions("timed", "s08")[1].id, "a")


def test_after_close_feedback_waits_for_the_closing_time(service, clock):
    clock.set(hours=2)
    v = first(service, "late", "s09")                    # no time limit: open means answering
    assert service.status("late", "s09").state == "running"
    service.answer("late", "s09", v.id, right_answer(v))
    service.finish("late", "s09")
    assert not service.status("late", "s09").feedback_visible
    clock.set(hours=4)                                   # 12:00: closed
    assert service.status("late", "s09").feedback_visible


def test_attempts_and_invalid_answers_in_a_named_quiz(service, clock):
    q = service.quiz("open")
    v = next(v for v in service.questions("open", "s10") if v.id == "b-num")
    with pytest.raises(InvalidAnswer):
        service.answer("open", "s10", v.id, "four")
    assert service.answer("open", "s10", v.id, "5").score == 0
    assert service.answer("open", "s10", v.id, "4").score == 2
    with pytest.raises(AlreadyAnswered):
        service.answer("open", "s10", v.id, "4")
    assert q.attempts == 2
    assert service.score("open", "s10") == (2.0, sum(v.points for v in service.questions("open", "s10")))


def test_the_same_question_in_two_quizzes_is_stored_twice(service, clock):
    clock.set(hours=2)
    v_open = next(v for v in service.questions("open", "s11") if v.id == "b-num")
    service.answer("open", "s11", "b-num", "4")
    service.answer("late", "s11", "b-num", "4")
    assert {r["quiz"] for r in service.store.answers("s11", None)} == {"open", "late"}
    assert v_open.points == 2
