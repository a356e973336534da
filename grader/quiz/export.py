"""Exports of the bank: JSON, Moodle GIFT, Moodle XML.

With a student id, every parameterised question is that student's variant (the
numbers ``Bank.variant(student)`` draws and the answer the reference computes).
Without one, parameterised questions are exported as their *template*: the
numbers drawn with the fixed seed ``TEMPLATE_SEED`` (0) -- the same for every
export, and no student's variant.

Moodle conventions kept: numerical questions carry an absolute tolerance;
multiple-answer questions give every choice a percent fraction (the correct
ones sum to 100, the wrong ones are negative), always one of the grades Moodle
accepts; per-choice and general feedback are kept; texts are HTML (escaped).
"""
from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

from grader.quiz.bank import TEMPLATE_SEED, Bank, QuestionVariant

FORMATS = ("json", "gift", "moodle-xml")
TEMPLATE_NOTE = (f"template variant: parameterised questions drawn with the fixed seed "
                 f"{TEMPLATE_SEED}, not any student's numbers")


def variants(bank: Bank, student: str | None) -> list[QuestionVariant]:
    return bank.variant(student) if student is not None else bank.template()


def export_text(bank: Bank, fmt: str, student: str | None = None) -> str:
    if fmt == "json":
        return json.dumps(to_json(bank, student), indent=2, ensure_ascii=False) + "\n"
    if fmt == "gift":
        return to_gift(bank, student)
    if fmt == "moodle-xml":
        return to_moodle_xml(bank, student)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------- JSON

def to_json(bank: Bank, student: str | None = None) -> list[dict]:
    out = []
    for v in variants(bank, student):
        key = v.key()
        item = {
            "id": v.id, "type": v.type, "topic": v.topic, "source": dict(v.source),
            "prompt": v.prompt,
            "choices": [{"id": c["id"], "text": c["text"], "correct": c["correct"],
                         "weight": c["weight"], "feedback": c["feedback"]}
                        for c in key["choices"]],
            "answer": key["answer"], "tolerance": key["tolerance"], "points": v.points,
            "feedback": key["feedback"],
        }
        if v.type == "parameterised":
            item["generator"] = v.question.generator
            item["params"] = v.params
            item["student"] = student
            if student is None:
                item["variant"] = TEMPLATE_NOTE
        out.append(item)
    return out


# ---------------------------------------------------------------- GIFT

_GIFT_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}",
                 ":": "\\:"}


def gift_escape(text: str) -> str:
    """Escape GIFT's reserved characters ``\\ ~ = # { } :`` and encode newlines as ``\\n``
    (what Moodle's own GIFT exporter does)."""
    out = "".join(_GIFT_SPECIAL.get(ch, ch) for ch in text)
    return out.replace("\r", "").replace("\n", "\\n")


def _html(text: str) -> str:
    """Plain text as HTML: escaped (&, <, >; no numeric entities, whose '#' GIFT would
    need to escape too) with line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _g(text: str) -> str:
    """Answer or feedback text for GIFT.  Moodle reads a leading ``[...]`` as a format
    marker, so a text that starts with ``[`` gets an explicit ``[html]`` in front."""
    out = gift_escape(_html(text))
    return "[html]" + out if out.startswith("[") else out


def _weight(w: float) -> str:
    s = f"{w:.5f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _gift_question(v: QuestionVariant, student) -> str:
    q, key = v.question, v.key()
    lines = [f"// {q.id} | topic: {q.topic} | source: {q.source_text} | points: {q.points:g}"]
    if q.type == "parameterised":
        lines.append(f"// params ({'student ' + student if student else TEMPLATE_NOTE}): "
                     + json.dumps(v.params).replace("\n", " "))
    head = f"::{gift_escape(q.id)}::[html]{gift_escape(_html(v.prompt))}"
    general = f"####{_g(q.feedback)}" if q.feedback else ""
    if q.type == "true_false":
        right = q.choice("true" if key["answer"] else "false")
        wrong = q.choice("false" if key["answer"] else "true")
        word = "TRUE" if key["answer"] else "FALSE"
        # {TRUE#feedback for the wrong answer#feedback for the right answer}, written the
        # way Moodle's own exporter writes it (empty feedback left out)
        fb = ""
        if wrong.feedback:
            fb += "#" + _g(wrong.feedback)
        elif right.feedback:
            fb += "#"
        if right.feedback:
            fb += "#" + _g(right.feedback)
        lines.append(f"{head} {{{word}{fb}{general}}}")
    elif q.type in ("numeric", "parameterised"):
        ans = repr(float(key["answer"]))
        tol = repr(float(key["tolerance"] or 0.0))
        lines.append(f"{head} {{#")
        lines.append(f"\t={ans}:{tol}#{_g('Correct.')}")
        if general:
            lines.append(f"\t{general}")
        lines.append("}")
    else:
        lines.append(f"{head} {{")
        for c in q.choices:
            if q.type == "single_choice":
                mark = "=" if c.correct else "~"
            else:
                mark = f"~%{_weight(c.weight)}%"
            fb = f"#{_g(c.feedback)}" if c.feedback else ""
            lines.append(f"\t{mark}{_g(c.text)}{fb}")
        if general:
            lines.append(f"\t{general}")
        lines.append("}")
    return "\n".join(lines)


def to_gift(bank: Bank, student: str | None = None) -> str:
    header = [f"// Quiz bank export (GIFT) -- {len(bank)} questions",
              f"// variant: {'student ' + student if student is not None else TEMPLATE_NOTE}", ""]
    blocks = []
    current_topic = None
    for v in variants(bank, student):
        if v.topic != current_topic:
            current_topic = v.topic
            blocks.append(f"$CATEGORY: $course$/quiz/{current_topic}")
        blocks.append(_gift_question(v, student))
    return "\n".join(header) + "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------- Moodle XML

def _text_el(parent, tag, text, fmt="html"):
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = _html(text) if fmt == "html" else text
    return el


def _fraction(w: float) -> str:
    return _weight(w)


def _xml_question(root, v: QuestionVariant, student):
    q, key = v.question, v.key()
    mtype = {"single_choice": "multichoice", "multiple_choice": "multichoice",
             "true_false": "truefalse", "numeric": "numerical",
             "parameterised": "numerical"}[q.type]
    root.append(ET.Comment(f" {q.id} | {q.topic} | source: {q.source_text} "
                           .replace("--", "- -")))
    el = ET.SubElement(root, "question", {"type": mtype})
    name = ET.SubElement(el, "name")
    ET.SubElement(name, "text").text = q.id
    _text_el(el, "questiontext", v.prompt)
    _text_el(el, "generalfeedback", q.feedback)
    ET.SubElement(el, "defaultgrade").text = f"{q.points:g}"
    ET.SubElement(el, "penalty").text = "0.3333333" if mtype == "multichoice" else "1"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id
    if mtype == "multichoice":
        ET.SubElement(el, "single").text = "true" if q.type == "single_choice" else "false"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        for tag, text in (("correctfeedback", "Your answer is correct."),
                          ("partiallycorrectfeedback", "Your answer is partially correct."),
                          ("incorrectfeedback", "Your answer is incorrect.")):
            _text_el(el, tag, text)
        for c in q.choices:
            a = ET.SubElement(el, "answer", {"fraction": _fraction(c.weight), "format": "html"})
            ET.SubElement(a, "text").text = _html(c.text)
            _text_el(a, "feedback", c.feedback)
    elif mtype == "truefalse":
        for cid in ("true", "false"):
            c = q.choice(cid)
            a = ET.SubElement(el, "answer", {"fraction": "100" if c.correct else "0",
                                             "format": "moodle_auto_format"})
            ET.SubElement(a, "text").text = cid
            _text_el(a, "feedback", c.feedback)
    else:
        a = ET.SubElement(el, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        ET.SubElement(a, "text").text = repr(float(key["answer"]))
        ET.SubElement(a, "tolerance").text = repr(float(key["tolerance"] or 0.0))
        _text_el(a, "feedback", "Correct.")
        ET.SubElement(el, "unitgradingtype").text = "0"
        ET.SubElement(el, "unitpenalty").text = "0.1000000"
        ET.SubElement(el, "showunits").text = "3"
        ET.SubElement(el, "unitsleft").text = "0"
    tags = ET.SubElement(el, "tags")
    for t in (f"topic:{q.topic}", f"source:{q.source['file']}"):
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = t


def to_moodle_xml(bank: Bank, student: str | None = None) -> str:
    root = ET.Element("quiz")
    root.append(ET.Comment(f" variant: {'student ' + student if student is not None else TEMPLATE_NOTE} "
                           .replace("--", "- -")))
    current_topic = None
    for v in variants(bank, student):
        if v.topic != current_topic:
            current_topic = v.topic
            cat = ET.SubElement(root, "question", {"type": "category"})
            c = ET.SubElement(cat, "category")
            ET.SubElement(c, "text").text = f"$course$/quiz/{current_topic}"
        _xml_question(root, v, student)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
