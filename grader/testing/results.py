"""What a hidden test's verdict is, as data, from the failed check to the page.

A failed check raises :class:`Failure` (message, input, expected value,
returned value, hint).  The runner turns it into :class:`Feedback`, the same
parts as short display strings, and keeps them on the :class:`TestResult`;
the gradebook stores them (inside the attempt's JSON record) and the report
writer renders them field by field.  ``TestResult.feedback`` is the one
student-visible text built from those parts: result.json's fixed
``feedback`` key, Gradescope's and JUnit's output.

Hidden tests never show their input, expected value or returned value, nor
the text of the student's exception (it could echo the hidden input):
:meth:`Feedback.for_student` drops them before anything reaches a student.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

PARTS = ("message", "input", "expected", "got", "hint", "where")


class Failure(AssertionError):
    """A hidden test failed; the fields become the student's feedback."""

    def __init__(self, message: str, *, expected=None, got=None, call=None, hint: str | None = None,
                 public: str | None = None):
        super().__init__(message)
        self.message = message
        self.public = public  # what a hidden test may show instead of ``message``
        self.expected = expected
        self.got = got
        self.call = call
        self.hint = hint

    def with_call(self, call):
        if self.call is None:
            self.call = call
        return self


def show(v, limit: int = 300) -> str:
    """A short, readable rendering of a value for feedback."""
    if isinstance(v, np.ndarray):
        with np.printoptions(precision=6, threshold=20, edgeitems=3, suppress=False):
            text = f"array({np.array2string(v, separator=', ')}" + (
                f", dtype={v.dtype})" if v.dtype != np.float64 else ")")
    else:
        text = repr(v)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_call(call) -> str:
    """``softmax(z=array([1., 2.]), axis=-1)`` from ``("softmax", {...})``."""
    if call is None:
        return ""
    name, kwargs = call
    return f"{name}(" + ", ".join(f"{k}={show(v, 200)}" for k, v in kwargs.items()) + ")"


def _safe(text: str) -> str:
    """Student text may hold lone surrogates that SQLite and UTF-8 files refuse."""
    return text.encode("utf-8", "replace").decode("utf-8")


@dataclass
class Feedback:
    """The parts of a verdict, each a display string ("" when absent).

    ``public`` is what a hidden test shows instead of ``message`` (``raised
    ValueError (line 3)`` rather than the exception's own text).  ``where``
    says where in the submission the tested function is (a notebook cell):
    the student's own layout, so hidden tests show it too."""

    message: str = ""
    input: str = ""
    expected: str = ""
    got: str = ""
    hint: str = ""
    public: str = ""
    where: str = ""

    @classmethod
    def of(cls, f: Failure) -> "Feedback":
        """The display strings of a failed check."""
        return cls(message=_safe(f.message),
                   input=_safe(show_call(f.call)) if f.call is not None else "",
                   expected=_safe(show(f.expected)) if f.expected is not None else "",
                   got=_safe(show(f.got)) if f.got is not None else "",
                   hint=_safe(f.hint or ""), public=_safe(f.public or ""))

    @classmethod
    def from_dict(cls, data: dict | None) -> "Feedback | None":
        if not isinstance(data, dict):
            return None
        return cls(**{f.name: str(data.get(f.name) or "") for f in fields(cls)})

    def for_student(self, visibility: str) -> "Feedback":
        """What the student may see: everything of a visible test; of a hidden
        one only the (public) message and the hint."""
        if visibility == "visible":
            return Feedback(self.message, self.input, self.expected, self.got, self.hint, where=self.where)
        return Feedback(self.public or self.message, hint=self.hint, where=self.where)

    def parts(self) -> dict:
        """The non-empty parts, by name (``public`` folded into ``message``)."""
        return {name: getattr(self, name) for name in PARTS if getattr(self, name)}

    def text(self) -> str:
        """The parts as one text: the message, then labelled lines."""
        lines = [self.message]
        if self.input:
            lines.append(f"  input:    {self.input}")
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.got:
            lines.append(f"  got:      {self.got}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        if self.where:
            lines.append(f"  ({self.where})")
        return "\n".join(lines)


@dataclass
class TestResult:
    """One test's verdict for one student (``weight`` before scaling).

    ``failure`` holds the parts of a failed check (instructor-complete, also
    for hidden tests); ``feedback`` is the student-visible text and
    ``details`` the instructor's, both built from those parts when there are
    any, else one sentence (an error, a timeout, "not submitted")."""

    __test__ = False  # not a pytest test class

    name: str
    weight: float
    status: str  # passed, failed, error, timeout, not_submitted
    visibility: str
    feedback: str = ""
    details: str = ""  # instructor-only: input/expected/got even for hidden tests
    score: float = 0.0
    max_score: float = 0.0
    output: str = ""
    failure: Feedback | None = None

    @classmethod
    def failed(cls, name: str, weight: float, visibility: str, failure: Feedback) -> "TestResult":
        """A failed check's result, its texts built from ``failure``."""
        result = cls(name, weight, "failed", visibility, details=failure.text(), failure=failure)
        result.feedback = result.student_feedback()
        return result

    @classmethod
    def from_dict(cls, t: dict) -> "TestResult":
        """From a gradebook record (records written before ``failure``
        existed simply have none)."""
        return cls(t["name"], t.get("weight", 0.0), t["status"], t["visibility"], t.get("feedback", ""),
                   t.get("details", ""), t["score"], t["max_score"], t.get("output", ""),
                   Feedback.from_dict(t.get("failure")))

    def student_feedback(self) -> str:
        """The student-visible text: built from the failure's parts, so a
        hidden test's input, expected and returned values never enter it."""
        if self.failure is not None:
            return self.failure.for_student(self.visibility).text()
        return self.feedback

    def student_parts(self) -> dict:
        """The parts the student may see, by name (result.json's extra
        ``parts`` key): the failure's, or the feedback text as the message."""
        if self.failure is not None:
            return self.failure.for_student(self.visibility).parts()
        return {"message": self.feedback} if self.feedback else {}
