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

A named quiz (``export_quiz_text``) is exported as its sections: each section
is a category ``$course$/quiz/<quiz id>/<n>-<section>`` holding the section's
pool (points set as the quiz weighs them), and Moodle XML adds, per section,
as many Moodle *random* questions drawing from that category as the section
draws (Moodle's own way to give each student a different draw; a random
question's ``questiontext`` "0" means "not from subcategories").  GIFT has no
random questions: its header says, per category, how many to add as random
questions in the Moodle quiz.  With ``--student`` the export is that
student's own variant instead: their questions, in their order, with their
choice order and numbers, in one category, shuffling off.
"""
from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

from grader.quiz.bank import TEMPLATE_SEED, Bank, QuestionVariant, make_variant
from grader.quiz.quizzes import QuizDefinition

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


def _ordered_choices(v: QuestionVariant):
    """The question's choices in the order this variant shows them."""
    return [v.question.choice(c["id"]) for c in v.choices]


def _gift_question(v: QuestionVariant, student) -> str:
    q, key = v.question, v.key()
    lines = [f"// {q.id} | topic: {q.topic} | source: {q.source_text} | points: {v.points:g}"]
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
        for c in _ordered_choices(v):
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


def _xml_question(root, v: QuestionVariant, student, shuffle: bool = True):
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
    ET.SubElement(el, "defaultgrade").text = f"{v.points:g}"
    ET.SubElement(el, "penalty").text = "0.3333333" if mtype == "multichoice" else "1"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id
    if mtype == "multichoice":
        ET.SubElement(el, "single").text = "true" if q.type == "single_choice" else "false"
        ET.SubElement(el, "shuffleanswers").text = "true" if shuffle and q.shuffle else "false"
        ET.SubElement(el, "answernumbering").text = "abc"
        for tag, text in (("correctfeedback", "Your answer is correct."),
                          ("partiallycorrectfeedback", "Your answer is partially correct."),
                          ("incorrectfeedback", "Your answer is incorrect.")):
            _text_el(el, tag, text)
        for c in _ordered_choices(v):
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


# ---------------------------------------------------------------- named quizzes

def export_quiz_text(bank: Bank, quiz: QuizDefinition, fmt: str, student: str | None = None) -> str:
    """One named quiz: its sections (random draws), or ``student``'s own variant."""
    if fmt == "json":
        return json.dumps(quiz_json(bank, quiz, student), indent=2, ensure_ascii=False) + "\n"
    groups = quiz_groups(bank, quiz, student)
    if fmt == "gift":
        return quiz_gift(quiz, groups, student)
    if fmt == "moodle-xml":
        return quiz_moodle_xml(quiz, groups, student)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def quiz_groups(bank: Bank, quiz: QuizDefinition, student: str | None) -> list[dict]:
    """[{category, draw, variants}]: one per section, or the student's one draw."""
    if student is not None:
        return [{"category": f"$course$/quiz/{quiz.id}/{student}", "draw": None,
                 "variants": quiz.draw(bank, student)}]
    groups = []
    for n, section in enumerate(quiz.sections, start=1):
        variants = []
        for qid in section.pool:
            v = make_variant(bank.get(qid), None)
            if section.points is not None:
                v.points = section.points
            variants.append(v)
        slug = "".join(ch if ch.isalnum() else "-" for ch in section.title.lower()).strip("-")
        groups.append({"category": f"$course$/quiz/{quiz.id}/{n}-{slug}", "draw": section.draw,
                       "title": section.title, "variants": variants,
                       "points": section.points})
    return groups


def _quiz_header(quiz: QuizDefinition, student) -> list[str]:
    lines = [f"quiz {quiz.id}: {quiz.title}"]
    if quiz.opens or quiz.closes:
        lines.append(f"open {quiz.opens.isoformat() if quiz.opens else '-'} to "
                     f"{quiz.closes.isoformat() if quiz.closes else '-'}")
    if quiz.time_limit:
        lines.append(f"time limit {quiz.time_limit:g} minutes")
    lines.append(f"variant: student {student}" if student is not None else TEMPLATE_NOTE)
    return lines


def quiz_gift(quiz: QuizDefinition, groups: list[dict], student) -> str:
    header = [f"// {line}" for line in _quiz_header(quiz, student)]
    if student is None:
        header.append("// GIFT has no random questions: in the Moodle quiz, add per category:")
        header += [f"//   {g['draw']} random question(s) from {g['category']}" for g in groups]
    blocks = []
    for g in groups:
        blocks.append(f"$CATEGORY: {g['category']}")
        blocks += [_gift_question(v, student) for v in g["variants"]]
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def quiz_moodle_xml(quiz: QuizDefinition, groups: list[dict], student) -> str:
    root = ET.Element("quiz")
    for line in _quiz_header(quiz, student):
        root.append(ET.Comment(f" {line} ".replace("--", "- -")))
    for g in groups:
        cat = ET.SubElement(root, "question", {"type": "category"})
        ET.SubElement(ET.SubElement(cat, "category"), "text").text = g["category"]
        for v in g["variants"]:
            _xml_question(root, v, student, shuffle=student is None)
        for i in range(g["draw"] or 0):
            _random_question(root, g, i + 1)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _random_question(root, group: dict, number: int) -> None:
    """A Moodle random question drawing from the current category (not its subcategories)."""
    el = ET.SubElement(root, "question", {"type": "random"})
    ET.SubElement(ET.SubElement(el, "name"), "text").text = \
        f"Random ({group['title']}) {number}"
    _text_el(el, "questiontext", "0")
    _text_el(el, "generalfeedback", "")
    points = group["points"] if group["points"] is not None else group["variants"][0].points
    ET.SubElement(el, "defaultgrade").text = f"{points:g}"
    ET.SubElement(el, "penalty").text = "0"
    ET.SubElement(el, "hidden").text = "0"


def quiz_json(bank: Bank, quiz: QuizDefinition, student: str | None) -> dict:
    def item(v):
        key = v.key()
        return {"id": v.id, "type": v.type, "topic": v.topic, "prompt": v.prompt,
                "points": v.points, "choices": [
                    {"id": c["id"], "text": c["text"],
                     "correct": next(k["correct"] for k in key["choices"] if k["id"] == c["id"])}
                    for c in v.choices],
                "answer": key["answer"], "tolerance": key["tolerance"], "params": v.params}

    head = {"id": quiz.id, "title": quiz.title,
            "opens": quiz.opens.isoformat() if quiz.opens else None,
            "closes": quiz.closes.isoformat() if quiz.closes else None,
            "time_limit_minutes": quiz.time_limit, "attempts": quiz.attempts,
            "show_feedback": quiz.show_feedback}
    if student is not None:
        return head | {"student": student, "questions": [item(v) for v in quiz.draw(bank, student)]}
    return head | {"variant": TEMPLATE_NOTE, "sections": [
        {"title": g["title"], "category": g["category"], "draw": g["draw"],
         "questions": [item(v) for v in g["variants"]]} for g in quiz_groups(bank, quiz, None)]}
