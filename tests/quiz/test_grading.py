"""grade_answer for every question type."""
import pytest

from grader.quiz import InvalidAnswer, grade_answer, parse_number


def v(bank, qid, student="alice"):
    return bank.variant_for(student, qid)


def test_single_choice(small_bank):
    q = v(small_bank, "special-chars")
    right = grade_answer(q, "a")
    assert (right.correct, right.score, right.max_score) == (True, 1.0, 1.0)
    assert "right: = ~ # { } : \\ <i>" in right.feedback          # per-choice feedback
    assert "General" in right.feedback                             # general feedback
    wrong = grade_answer(q, "B")
    assert (wrong.correct, wrong.score) == (False, 0.0)
    assert "The answer is a)" in wrong.feedback
    assert "The answer is" not in grade_answer(q, "b", reveal=False).feedback
    assert grade_answer(q, ["a"]).correct
    with pytest.raises(InvalidAnswer, match="unknown choice"):
        grade_answer(q, "z")
    with pytest.raises(InvalidAnswer):
        grade_answer(q, ["a", "b"])
    with pytest.raises(InvalidAnswer):
        grade_answer(q, "")


def test_multiple_choice_moodle_scoring(small_bank):
    q = v(small_bank, "multi")                  # 3 points; a, b, c right (33.33333 % each)
    full = grade_answer(q, ["c", "a", "b"])
    assert full.correct and full.score == 3.0
    assert grade_answer(q, "a,b,c").score == 3.0
    assert grade_answer(q, "abc").score == 3.0
    two = grade_answer(q, ["a", "b"])
    assert not two.correct and two.score == pytest.approx(2.0, abs=1e-5)
    assert "Partly correct" in two.feedback and "yes" in two.feedback
    # a wrong pick costs as much as a right pick earns; never below zero
    assert grade_answer(q, ["a", "b", "d"]).score == pytest.approx(1.0, abs=1e-5)
    assert grade_answer(q, ["a", "d", "e"]).score == 0.0
    assert grade_answer(q, ["a", "b", "c", "d", "e"]).score == pytest.approx(1.0, abs=1e-5)
    assert "no" in grade_answer(q, ["d"]).feedback


def test_true_false(small_bank):
    q = v(small_bank, "tf")
    for yes in ("true", "TRUE", "t", "yes", True, ["true"]):
        assert grade_answer(q, yes).correct
    wrong = grade_answer(q, "false")
    assert not wrong.correct and "They do sum to 1 #always" in wrong.feedback
    assert "The statement is true" in wrong.feedback
    with pytest.raises(InvalidAnswer):
        grade_answer(q, "maybe")


def test_numeric_tolerance(small_bank):
    q = v(small_bank, "num")                    # 1.1 ± 0.01, 2 points
    assert grade_answer(q, "1.1").score == 2.0
    assert grade_answer(q, "1.109").correct
    assert grade_answer(q, "1.09").correct
    assert grade_answer(q, "1,1").correct       # decimal comma
    assert grade_answer(q, " 11/10 ").correct
    assert grade_answer(q, 1.1).correct
    bad = grade_answer(q, "1.12")
    assert not bad.correct and bad.score == 0.0 and "1.1" in bad.feedback
    for junk in ("", "abc", "1.1.1", "nan", "inf", "1/0"):
        with pytest.raises(InvalidAnswer):
            grade_answer(q, junk)


def test_parse_number():
    assert parse_number("-2e-3") == -0.002
    assert parse_number("75%") == 0.75
    assert parse_number("\u22120.5") == -0.5
    with pytest.raises(InvalidAnswer):
        parse_number(True)


def test_parameterised_uses_the_students_numbers(small_bank):
    a = small_bank.variant_for("alice", "param")
    b = small_bank.variant_for("bob", "param")
    assert a.params != b.params
    a_answer = a.params["w"] - a.params["lr"] * a.params["dw"]
    assert grade_answer(a, f"{a_answer:.6f}").correct
    if abs(a_answer - (b.params["w"] - b.params["lr"] * b.params["dw"])) > 1e-3:
        assert not grade_answer(b, f"{a_answer:.6f}").correct


def test_general_feedback_waits_until_the_answer_may_be_revealed():
    """While attempts remain (reveal=False), a wrong answer must not get the
    question's general feedback: it often explains the answer."""
    from grader.quiz import grade_answer, load_bank
    bank = load_bank()
    variant = next(v for v in bank.variant("s1") if v.input_kind == "radio" and v.question.feedback)
    wrong = next(c["id"] for c in variant.key()["choices"] if not c["correct"])
    hidden = grade_answer(variant, wrong, reveal=False)
    shown = grade_answer(variant, wrong, reveal=True)
    assert not hidden.correct and variant.question.feedback not in hidden.feedback
    assert variant.question.feedback in shown.feedback
