"""A small two-topic bank, quiz definitions over it, and a clock the tests move
(never sleep): what the named-quiz tests share."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from grader.quiz import load_bank
from grader.quiz.quizzes import load_quizzes

START = datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc)   # an hour before the quiz opens
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
STUDENTS = [f"s{i:02d}" for i in range(12)]


def _choice_question(qid, tags="", shuffle=""):
    return f"""
  - id: {qid}
    type: single_choice{tags}{shuffle}
    source: {{file: 000_7462f8ef9b0582c8.txt, section: "S"}}
    prompt: "Question {qid}?"
    choices:
      - {{id: a, text: "{qid} first"}}
      - {{id: b, text: "{qid} second"}}
      - {{id: c, text: "{qid} third"}}
      - {{id: d, text: "{qid} fourth"}}
    answer: b
    feedback: "Because {qid}."
"""


ALPHA = ("topic: alpha\ntitle: \"Alpha things\"\norder: 1\nquestions:"
         + "".join(_choice_question(f"a{i}", tags="\n    tags: [core]" if i < 2 else "")
                   for i in range(6))
         + _choice_question("a-pinned", shuffle="\n    shuffle: false"))

BETA = """topic: beta
title: "Beta things"
order: 2
questions:
  - id: b-true
    type: true_false
    source: {file: 000_7462f8ef9b0582c8.txt, section: "S"}
    prompt: "Beta is true?"
    answer: true
  - id: b-num
    type: numeric
    source: {file: 000_7462f8ef9b0582c8.txt, section: "S"}
    prompt: "Two plus two?"
    answer: 4
    tolerance: 0
    points: 2
  - id: b-multi
    type: multiple_choice
    source: {file: 000_7462f8ef9b0582c8.txt, section: "S"}
    prompt: "Pick the betas"
    choices:
      - {id: a, text: "beta one"}
      - {id: b, text: "beta two"}
      - {id: c, text: "not beta"}
    answer: [a, b]
"""

QUIZZES = """
[[quiz]]
id = "timed"
title = "A timed quiz"
opens = 2026-11-16T09:00:00Z
closes = 2026-11-16T17:00:00Z
time_limit_minutes = 10
show_feedback = "after_attempt"

[[quiz.section]]
title = "Alpha"
draw = 3
topics = ["alpha"]
points = 2

[[quiz.section]]
title = "Beta"
draw = 2
topics = ["beta"]

[[quiz]]
id = "open"
title = "An open practice quiz"
attempts = 2
shuffle_questions = false

[[quiz.section]]
title = "Core"
draw = 2
tags = ["core"]

[[quiz.section]]
title = "Chosen"
ids = ["b-num", "a-pinned"]

[[quiz]]
id = "late"
title = "Feedback after closing"
opens = 2026-11-16T09:00:00Z
closes = 2026-11-16T12:00:00Z
show_feedback = "after_close"

[[quiz.section]]
title = "All of beta"
topics = ["beta"]
"""


def write_bank(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alpha.yaml").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.yaml").write_text(BETA, encoding="utf-8")
    (folder / "quizzes.toml").write_text(QUIZZES, encoding="utf-8")
    return folder


def bank_and_quizzes(folder: Path):
    bank = load_bank(write_bank(folder))
    return bank, load_quizzes(bank)


class Clock:
    """The time the quiz service sees; tests move it."""

    def __init__(self, t: datetime = START):
        self.t = t

    def __call__(self) -> datetime:
        return self.t

    def set(self, **kw) -> None:
        """Move to START plus ``kw`` (hours=, minutes=)."""
        self.t = START + timedelta(**kw)

    def advance(self, **kw) -> None:
        self.t += timedelta(**kw)


def right_answer(v):
    key = v.key()["answer"]
    if v.type == "true_false":
        return "true" if key else "false"
    if v.type == "multiple_choice":
        return list(key)
    if v.type == "numeric":
        return repr(float(key))
    return key
