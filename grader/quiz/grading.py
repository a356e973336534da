"""Grading one answer to one question variant."""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

from grader.quiz.bank import QuestionVariant

TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}


class InvalidAnswer(ValueError):
    """The submitted text is not an answer to this question (it uses no attempt)."""


@dataclass(frozen=True)
class Verdict:
    correct: bool
    score: float
    max_score: float
    feedback: str

    def to_dict(self) -> dict:
        return asdict(self)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text) -> float:
    """A finite number from a student's text: ``0.731``, ``-2e-3``, ``1,5`` (decimal comma),
    ``3/4``, ``75%`` (= 0.75).  Raises InvalidAnswer otherwise."""
    if isinstance(text, bool):
        raise InvalidAnswer("please enter a number")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        if not isinstance(text, str):
            raise InvalidAnswer("please enter a number")
        s = text.strip().replace(" ", "").replace("\u2212", "-")
        if s.count(",") == 1 and "." not in s:
            s = s.replace(",", ".")
        percent = s.endswith("%")
        if percent:
            s = s[:-1]
        if "/" in s and s.count("/") == 1:
            num, den = s.split("/")
            if not (_NUMBER.match(num) and _NUMBER.match(den)) or float(den) == 0:
                raise InvalidAnswer(f"{text!r} is not a number")
            value = float(num) / float(den)
        elif _NUMBER.match(s):
            value = float(s)
        else:
            raise InvalidAnswer(f"{text!r} is not a number (write e.g. 0.731 or -2.5e-3)")
        if percent:
            value /= 100.0
    if not math.isfinite(value):
        raise InvalidAnswer("please enter a finite number")
    return value


def choice_ids(answer, variant) -> list[str]:
    valid = [c["id"] for c in variant.choices]
    if answer is None:
        raise InvalidAnswer("no choice selected")
    if isinstance(answer, str):
        parts = [a for a in re.split(r"[,;\s]+", answer.strip().lower()) if a]
        # "ac" for choices a and c, when every choice id is one letter
        if len(parts) == 1 and len(parts[0]) > 1 and parts[0] not in valid \
                and all(len(v) == 1 for v in valid) and all(ch in valid for ch in parts[0]):
            parts = list(parts[0])
    elif isinstance(answer, (list, tuple, set)):
        parts = [str(a).strip().lower() for a in answer]
    else:
        raise InvalidAnswer("answer with choice ids")
    if not parts:
        raise InvalidAnswer("no choice selected")
    unknown = [p for p in parts if p not in valid]
    if unknown:
        raise InvalidAnswer(f"unknown choice {', '.join(unknown)}; choose among {', '.join(valid)}")
    seen = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    return seen


def _general(q, correct: bool, reveal: bool) -> str:
    """The question's general feedback, which often explains the answer: a
    wrong answer sees it only once the answer may be revealed."""
    return q.feedback if correct or reveal else ""


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def grade_answer(variant: QuestionVariant, answer, reveal: bool = True) -> Verdict:
    """Grade ``answer`` (numeric text, a choice id, or a list of choice ids).

    ``reveal``: include the correct answer in the feedback of a wrong answer.
    Raises ``InvalidAnswer`` when ``answer`` is not an answer to this question.
    """
    q = variant.question
    key = variant._answer  # noqa: SLF001 - the grader is allowed to see the key
    points = float(variant.points)     # a quiz may weigh a question differently

    if q.type in ("numeric", "parameterised"):
        if isinstance(answer, (list, tuple)):
            if len(answer) != 1:
                raise InvalidAnswer("enter one number")
            answer = answer[0]
        value = parse_number(answer)
        tol = float(q.tolerance or 0.0)
        correct = abs(value - key) <= tol + 1e-9 * max(1.0, abs(key))
        if correct:
            msg = "Correct."
        else:
            msg = "Not correct."
            if reveal:
                msg += f" The answer is {_show(key)}" + (f" (± {_show(tol)})." if tol else ".")
        return Verdict(correct, points if correct else 0.0, points, _join(msg, _general(q, correct, reveal)))

    if q.type == "true_false":
        if isinstance(answer, bool):
            chosen = "true" if answer else "false"
        else:
            if isinstance(answer, (list, tuple)) and len(answer) == 1:
                answer = answer[0]
            word = str(answer).strip().lower() if answer is not None else ""
            if word in TRUE_WORDS:
                chosen = "true"
            elif word in FALSE_WORDS:
                chosen = "false"
            else:
                raise InvalidAnswer("answer true or false")
        choice = q.choice(chosen)
        correct = choice.correct
        msg = "Correct." if correct else "Not correct."
        if not correct and reveal:
            msg += f" The statement is {'true' if key else 'false'}."
        return Verdict(correct, points if correct else 0.0, points,
                       _join(msg, choice.feedback, _general(q, correct, reveal)))

    ids = choice_ids(answer, variant)
    if q.type == "single_choice":
        if len(ids) != 1:
            raise InvalidAnswer("choose exactly one answer")
        choice = q.choice(ids[0])
        correct = choice.correct
        msg = "Correct." if correct else "Not correct."
        if not correct and reveal:
            right = q.choice(key)
            msg += f" The answer is {right.id}) {right.text}."
        return Verdict(correct, points if correct else 0.0, points,
                       _join(msg, f"{choice.id}) {choice.feedback}" if choice.feedback else "",
                             _general(q, correct, reveal)))

    # multiple choice: Moodle's rule, the sum of the chosen weights clamped to [0, 100] %
    chosen = [q.choice(i) for i in ids]
    percent = sum(c.weight for c in chosen)
    fraction = min(1.0, max(0.0, percent / 100.0))
    if fraction > 1.0 - 1e-6:
        fraction = 1.0
    correct = set(ids) == set(key)
    score = round(points * fraction, 6)
    if correct:
        msg = "Correct."
    elif score > 0:
        msg = f"Partly correct ({score:g} of {points:g} points)."
    else:
        msg = "Not correct."
    if not correct and reveal:
        rights = [q.choice(k) for k in key]
        msg += " The correct choices are " + "; ".join(f"{c.id}) {c.text}" for c in rights) + "."
    per_choice = [f"{c.id}) {c.feedback}" for c in chosen if c.feedback]
    return Verdict(correct, score, points, _join(msg, *per_choice, _general(q, correct, reveal)))


def _show(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.6g}"
