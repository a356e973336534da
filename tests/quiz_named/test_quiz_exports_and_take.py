"""``grader quiz export --quiz`` (sections as Moodle categories with random questions, or
one student's variant) and ``grader quiz take --quiz`` with the same window and timer."""
from __future__ import annotations

import importlib.util
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from named_quiz_helpers import right_answer

from grader.cli import main
from grader.quiz.terminal import run_quiz

_spec = importlib.util.spec_from_file_location(
    "gift_reader_named", Path(__file__).parents[1] / "quiz" / "gift_reader.py")
gift_reader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gift_reader)


def export(bank, fmt, *extra):
    out = Path(bank.path) / f"out.{fmt}"
    res = CliRunner().invoke(main, ["quiz", "export", "--bank", str(bank.path), "--format", fmt,
                                    "--out", str(out), *extra])
    assert res.exit_code == 0, res.output
    return res.output, out.read_text(encoding="utf-8")


def test_moodle_xml_of_a_quiz_has_a_category_per_section_and_random_questions(bank, quizzes):
    said, text = export(bank, "moodle-xml", "--quiz", "timed")
    assert "quiz timed, 5 questions" in said
    root = ET.fromstring(text.encode())
    seen, category = {}, None
    for q in root.findall("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text")
            seen[category] = {"questions": [], "random": 0}
        elif q.get("type") == "random":
            assert q.findtext("questiontext/text") == "0"           # not from subcategories
            seen[category]["random"] += 1
            seen[category]["grade"] = q.findtext("defaultgrade")
        else:
            seen[category]["questions"].append(q.findtext("name/text"))
    alpha, beta = seen["$course$/quiz/timed/1-alpha"], seen["$course$/quiz/timed/2-beta"]
    assert alpha["random"] == 3 and alpha["grade"] == "2"
    assert sorted(alpha["questions"]) == sorted(q.id for q in bank if q.topic == "alpha")
    assert beta["random"] == 2 and sorted(beta["questions"]) == ["b-multi", "b-num", "b-true"]


def test_gift_of_a_quiz_says_how_many_to_draw_per_category(bank):
    _, text = export(bank, "gift", "--quiz", "timed")
    assert "//   3 random question(s) from $course$/quiz/timed/1-alpha" in text
    parsed = gift_reader.read_gift(text)
    cats = [q["category"] for q in parsed if q["qtype"] == "category"]
    assert cats == ["$course$/quiz/timed/1-alpha", "$course$/quiz/timed/2-beta"]
    assert len([q for q in parsed if q["qtype"] != "category"]) == 10


def test_a_students_variant_is_their_draw_in_their_order(bank, quizzes):
    drawn = quizzes["timed"].draw(bank, "s05")
    _, text = export(bank, "moodle-xml", "--quiz", "timed", "--student", "s05")
    root = ET.fromstring(text.encode())
    questions = [q for q in root.findall("question") if q.get("type") not in ("category",)]
    assert [q.findtext("name/text") for q in questions] == [v.id for v in drawn]
    for q, v in zip(questions, drawn):
        if v.type == "single_choice":
            texts = [a.findtext("text") for a in q.findall("answer")]
            assert texts == [c["text"] for c in v.choices]            # the student's order
            assert q.findtext("shuffleanswers") == "false"
    assert not root.findall("question[@type='random']")
    _, js = export(bank, "json", "--quiz", "timed", "--student", "s05")
    data = json.loads(js)
    assert data["student"] == "s05" and [q["id"] for q in data["questions"]] == [v.id for v in drawn]


def test_export_of_an_unknown_quiz_is_one_sentence(bank):
    res = CliRunner().invoke(main, ["quiz", "export", "--bank", str(bank.path), "--format", "gift",
                                    "--quiz", "nope", "--out", str(Path(bank.path) / "x")])
    assert res.exit_code == 1 and "no quiz 'nope'" in res.output and "Traceback" not in res.output


def test_take_needs_a_quiz_name_when_the_course_has_named_quizzes(bank, tmp_path):
    res = CliRunner().invoke(main, ["quiz", "take", "--student", "s01", "--bank", str(bank.path),
                                    "--db", str(tmp_path / "g.db")])
    assert res.exit_code == 1 and "name the quiz with --quiz: timed, open, late" in res.output


def test_take_before_opening_says_when_and_asks_nothing(service, clock):
    said = []
    run_quiz(service, "timed", "s01", echo=said.append,
             prompt=lambda *a, **k: pytest.fail("asked a question before the quiz opened"),
             confirm=lambda *a, **k: pytest.fail("offered to start before the quiz opened"))
    assert any("opens on Mon 16 Nov 2026, 09:00 UTC" in s for s in said)
    assert service.store.answers("s01", "timed") == []


def test_take_in_the_terminal_runs_on_the_server_side_timer(service, clock):
    """Each question takes four minutes of the ten: the third answer comes too late and is
    refused, and the attempt ends there, as on the web page."""
    clock.set(hours=2)
    drawn = service.questions("timed", "s02")
    asked = []

    def prompt(text, **kw):
        v = drawn[len(asked)]
        asked.append(v.id)
        clock.advance(minutes=4)                         # the student thinks for four minutes
        return ",".join(right_answer(v)) if v.type == "multiple_choice" else right_answer(v)

    said = []
    run_quiz(service, "timed", "s02", echo=said.append, prompt=prompt, confirm=lambda *a, **k: True)
    stored = [r["question_id"] for r in service.store.answers("s02", "timed")]
    assert asked == [v.id for v in drawn[:3]] and stored == [v.id for v in drawn[:2]]
    assert any("Time is up" in s for s in said)
    assert any("time left: 10 min 00 s" in s for s in said)
    assert service.status("timed", "s02").state == "over"


def test_take_declined_start_does_not_start_the_timer(service, clock):
    clock.set(hours=2)
    run_quiz(service, "timed", "s03", echo=lambda s: None, prompt=lambda *a, **k: "a",
             confirm=lambda *a, **k: False)
    assert service.store.sitting("timed", "s03") is None


def test_take_interrupted_by_ctrl_c_keeps_the_answers(service, clock):
    clock.set(hours=2)
    drawn = service.questions("timed", "s04")
    calls = []

    def prompt(text, **kw):
        calls.append(1)
        if len(calls) > 1:
            raise click.Abort()
        v = drawn[0]
        return ",".join(right_answer(v)) if v.type == "multiple_choice" else right_answer(v)

    with pytest.raises(click.Abort):
        run_quiz(service, "timed", "s04", echo=lambda s: None, prompt=prompt,
                 confirm=lambda *a, **k: True)
    assert [r["question_id"] for r in service.store.answers("s04", "timed")] == [drawn[0].id]
    assert service.status("timed", "s04").state == "running"   # resumable until time is up
