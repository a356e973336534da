"""Exports parsed back: JSON, Moodle XML (xml.etree), GIFT (a port of Moodle's reader)."""
import json
import xml.etree.ElementTree as ET

import pytest

from grader.quiz.bank import MOODLE_GRADES, TEMPLATE_SEED
from grader.quiz.export import export_text, gift_escape, to_json
from gift_reader import html_to_text, read_gift

FIELDS = {"id", "type", "topic", "source", "prompt", "choices", "answer", "tolerance", "points",
          "feedback"}


def _is_moodle_grade(percent):
    return any(abs(abs(percent) - g) < 1e-5 for g in MOODLE_GRADES)


# ------------------------------------------------------------------ JSON

def test_json_export(bank):
    data = json.loads(export_text(bank, "json", "alice"))
    assert isinstance(data, list) and len(data) == len(bank)
    for item, q in zip(data, bank):
        assert FIELDS <= set(item), item["id"]
        assert item["id"] == q.id and item["type"] == q.type and item["source"]["file"]
        if q.type == "parameterised":
            assert item["params"] and item["student"] == "alice"
            assert item["params"] == bank.variant_for("alice", q.id).params
        if q.type in ("numeric", "parameterised"):
            assert isinstance(item["answer"], float) and item["tolerance"] is not None
        if q.type == "multiple_choice":
            assert sorted(item["answer"]) == sorted(c["id"] for c in item["choices"] if c["correct"])
    again = json.loads(export_text(bank, "json", "alice"))
    assert again == data
    other = json.loads(export_text(bank, "json", "bob"))
    assert [i.get("params") for i in other] != [i.get("params") for i in data]


def test_json_template_says_so(bank):
    data = to_json(bank)
    params = [i for i in data if i["type"] == "parameterised"]
    assert params and all(i["student"] is None for i in params)
    assert all(f"fixed seed {TEMPLATE_SEED}" in i["variant"] for i in params)
    assert [i["params"] for i in params] == \
        [i["params"] for i in to_json(bank) if i["type"] == "parameterised"]


# ------------------------------------------------------------------ Moodle XML

def _xml_questions(text):
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    return [q for q in root.findall("question") if q.get("type") != "category"], root


def test_moodle_xml_round_trip(bank):
    text = export_text(bank, "moodle-xml", "alice")
    questions, root = _xml_questions(text)
    assert len(questions) == len(bank)
    cats = [q for q in root.findall("question") if q.get("type") == "category"]
    assert {c.findtext("category/text") for c in cats} == {f"$course$/quiz/{q.topic}" for q in bank}
    variants = {v.id: v for v in bank.variant("alice")}
    for el, q in zip(questions, bank):
        v = variants[q.id]
        assert el.findtext("name/text") == q.id
        assert html_to_text(el.findtext("questiontext/text")) == v.prompt
        assert el.find("questiontext").get("format") == "html"
        assert html_to_text(el.findtext("generalfeedback/text") or "") == q.feedback
        assert float(el.findtext("defaultgrade")) == q.points
        answers = el.findall("answer")
        if q.type in ("numeric", "parameterised"):
            assert el.get("type") == "numerical"
            (a,) = answers
            assert float(a.get("fraction")) == 100
            assert float(a.findtext("text")) == v.key()["answer"]
            assert float(a.findtext("tolerance")) == q.tolerance
        elif q.type == "true_false":
            assert el.get("type") == "truefalse"
            got = {a.findtext("text"): float(a.get("fraction")) for a in answers}
            assert got == {"true": 100.0 if q.answer else 0.0, "false": 0.0 if q.answer else 100.0}
            for a in answers:
                fb = html_to_text(a.findtext("feedback/text") or "")
                assert fb == q.choice(a.findtext("text")).feedback
        else:
            assert el.get("type") == "multichoice"
            single = el.findtext("single") == "true"
            assert single == (q.type == "single_choice")
            fractions = [float(a.get("fraction")) for a in answers]
            assert all(_is_moodle_grade(f) for f in fractions), (q.id, fractions)
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-3)
            for a, c in zip(answers, q.choices):
                assert html_to_text(a.findtext("text")) == c.text
                assert html_to_text(a.findtext("feedback/text") or "") == c.feedback
                assert float(a.get("fraction")) == pytest.approx(c.weight, abs=1e-5)
            if not single:
                assert all(f < 0 for f, c in zip(fractions, q.choices) if not c.correct)


def test_moodle_xml_multiple_choice_fractions(small_bank):
    questions, _ = _xml_questions(export_text(small_bank, "moodle-xml"))
    multi = next(q for q in questions if q.findtext("name/text") == "multi")
    assert [a.get("fraction") for a in multi.findall("answer")] == \
        ["33.33333", "33.33333", "33.33333", "-33.33333", "-33.33333"]
    num = next(q for q in questions if q.findtext("name/text") == "num")
    assert num.find("answer/tolerance").text == "0.01"
    # special characters survive as text (escaped by the XML writer, HTML-escaped inside)
    special = next(q for q in questions if q.findtext("name/text") == "special-chars")
    assert html_to_text(special.findtext("questiontext/text")) == \
        "Special {GIFT} chars: a ~ b = c # d : e \\ f, and <b>html</b> & co?"
    assert "&lt;b&gt;" in special.findtext("questiontext/text")


# ------------------------------------------------------------------ GIFT

def test_gift_escape():
    assert gift_escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_gift_special_characters_round_trip(small_bank):
    text = export_text(small_bank, "gift")
    parsed = [q for q in read_gift(text) if q["qtype"] != "category"]
    by_name = {q["name"]: q for q in parsed}
    sc = by_name["special-chars"]
    assert sc["qtype"] == "multichoice" and sc["single"] is True and sc["format"] == "html"
    assert html_to_text(sc["questiontext"]) == \
        "Special {GIFT} chars: a ~ b = c # d : e \\ f, and <b>html</b> & co?"
    assert [html_to_text(a["text"]) for a in sc["answers"]] == ["x = {1} ~ #2: ok", "y \\ z"]
    assert [a["fraction"] for a in sc["answers"]] == [1.0, 0.0]
    assert html_to_text(sc["answers"][0]["feedback"]) == "right: = ~ # { } : \\ <i>"
    assert html_to_text(sc["answers"][1]["feedback"]) == "wrong # because = and : and ~"
    assert html_to_text(sc["generalfeedback"]) == "General: {all} ~ = # : here"
    # the raw text really escapes them
    line = next(ln for ln in text.splitlines() if ln.startswith("::special-chars::"))
    assert "\\{GIFT\\}" in line and "\\~" in line and "\\=" in line and "\\#" in line \
        and "\\:" in line and "\\\\" in line


def test_gift_types_weights_tolerances(small_bank):
    parsed = {q["name"]: q for q in read_gift(export_text(small_bank, "gift", "alice"))
              if q["qtype"] != "category"}
    multi = parsed["multi"]
    assert multi["single"] is False
    assert [round(a["fraction"] * 100, 5) for a in multi["answers"]] == \
        [33.33333, 33.33333, 33.33333, -33.33333, -33.33333]
    assert html_to_text(multi["answers"][0]["feedback"]) == "yes"
    tf = parsed["tf"]
    assert tf["qtype"] == "truefalse" and tf["correct"] is True
    assert html_to_text(tf["wrongfeedback"]) == "They do sum to 1 #always"
    assert html_to_text(tf["rightfeedback"]) == "Yes: = 1"
    num = parsed["num"]
    assert num["qtype"] == "numerical"
    assert num["answers"][0]["answer"] == 1.1 and num["answers"][0]["tolerance"] == 0.01
    param = parsed["param"]
    v = small_bank.variant_for("alice", "param")
    assert param["answers"][0]["answer"] == v.key()["answer"]
    assert param["answers"][0]["tolerance"] == 0.0001
    assert html_to_text(param["questiontext"]) == v.prompt


def test_gift_whole_bank_round_trip(bank):
    items = read_gift(export_text(bank, "gift", "alice"))
    cats = [q for q in items if q["qtype"] == "category"]
    parsed = [q for q in items if q["qtype"] != "category"]
    assert len(parsed) == len(bank) and len(cats) == len({q.topic for q in bank})
    variants = {v.id: v for v in bank.variant("alice")}
    for p, q in zip(parsed, bank):
        v = variants[q.id]
        assert p["name"] == q.id
        assert html_to_text(p["questiontext"]) == v.prompt
        assert html_to_text(p["generalfeedback"]) == q.feedback
        expected_type = {"single_choice": "multichoice", "multiple_choice": "multichoice",
                         "true_false": "truefalse", "numeric": "numerical",
                         "parameterised": "numerical"}[q.type]
        assert p["qtype"] == expected_type, q.id
        if expected_type == "multichoice":
            assert p["single"] == (q.type == "single_choice")
            assert [html_to_text(a["text"]) for a in p["answers"]] == [c.text for c in q.choices]
            assert [html_to_text(a["feedback"]) for a in p["answers"]] == \
                [c.feedback for c in q.choices]
            for a, c in zip(p["answers"], q.choices):
                assert a["fraction"] * 100 == pytest.approx(c.weight, abs=1e-5)
                assert _is_moodle_grade(a["fraction"] * 100)
        elif expected_type == "numerical":
            assert p["answers"][0]["answer"] == v.key()["answer"]
            assert p["answers"][0]["tolerance"] == q.tolerance
        else:
            assert p["correct"] == q.answer


def test_unknown_format(bank):
    with pytest.raises(ValueError, match="unknown export format"):
        export_text(bank, "csv")
