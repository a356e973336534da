"""A Python port of Moodle's GIFT importer (question/format/gift/format.php, readquestion),
restricted to the question types the exporter writes: multichoice, truefalse, numerical,
plus $CATEGORY.  Used to read our GIFT exports back the way Moodle would."""
from __future__ import annotations

import html
import re

WEIGHT_RE = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")
_PRE = [("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"),
        ("\\}", "&&125;"), ("\\~", "&&126;"), ("\\n", "&&010")]
_POST = [("&&058;", ":"), ("&&035;", "#"), ("&&061;", "="), ("&&123;", "{"), ("&&125;", "}"),
         ("&&126;", "~"), ("&&010", "\n")]


class GiftError(ValueError):
    pass


def escapedchar_pre(s: str) -> str:
    s = s.replace("\\\\", "&&092;")
    for a, b in _PRE:
        s = s.replace(a, b)
    return s.replace("&&092;", "\\")


def escapedchar_post(s: str) -> str:
    for a, b in _POST:
        s = s.replace(a, b)
    return s


def parse_text(text: str, default_format="moodle"):
    fmt = default_format
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end >= 0 else text[1:-1]     # PHP: substr($t, 1, false - 1)
        if name in ("moodle", "html", "plain", "markdown"):
            fmt, text = name, text[end + 1:]
    return escapedchar_post(text).strip(), fmt


def html_to_text(s: str) -> str:
    return html.unescape(s.replace("<br>", "\n"))


def weight_parser(answer: str):
    answer = answer[1:]
    end = answer.index("%")
    weight = float(answer[:end]) / 100
    return weight, answer[end + 1:]


def comment_parser(answer: str, fmt):
    bits = answer.split("#", 1)
    ans = parse_text(bits[0].strip(), fmt)[0]
    fb = parse_text(bits[1].strip(), fmt)[0] if len(bits) > 1 else ""
    return ans, fb


def read_question(lines: list[str]) -> dict | None:
    lines = [" " if ln.strip().startswith("//") else ln for ln in lines]
    text = "\n".join(lines).strip()
    if not text:
        return None
    text = escapedchar_pre(text)
    if text.startswith("$CATEGORY:"):
        return {"qtype": "category", "category": text[10:].strip()}
    q: dict = {}
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end < 0:
            raise GiftError("unterminated name")
        q["name"] = escapedchar_post(text[:end])
        text = text[end + 2:].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 or finish < 0:
        raise GiftError(f"braces: {text[:80]!r}")
    answertext = text[start + 1:finish].strip()
    qtext = text[:start] + text[finish + 1:]
    general = ""
    gf = answertext.rfind("####")
    if gf >= 0:
        general = answertext[gf + 4:]
        answertext = answertext[:gf].strip()
    q["questiontext"], q["format"] = parse_text(qtext.strip())
    q["generalfeedback"] = parse_text(general, q["format"])[0]
    fmt = q["format"]
    if answertext.startswith("#"):
        q["qtype"] = "numerical"
        body = answertext[1:]
        wrong = ""
        if "~" in body:
            pos = body.index("~")
            body, wrong = body[:pos], body[pos:]
        answers = body.split("=")
        if answers and not answers[0].strip():
            answers = answers[1:]
        q["answers"] = []
        for a in answers:
            a = a.strip()
            weight = 1.0
            if WEIGHT_RE.match(a):
                weight, a = weight_parser(a)
            ans, fb = comment_parser(a, fmt)
            if ":" in ans and ans.index(":") > 0:
                value, tol = ans.split(":", 1)
            else:
                value, tol = ans, "0"
            q["answers"].append({"answer": float(value), "tolerance": float(tol),
                                 "fraction": weight, "feedback": fb})
        q["wrongfeedback"] = comment_parser(wrong[1:], fmt)[1] if wrong else ""
        return q
    if "~" in answertext:
        q["qtype"] = "multichoice"
        q["single"] = "=" in answertext
        parts = answertext.replace("=", "~=").split("~")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if len(parts) < 2:
            raise GiftError("too few answers")
        q["answers"] = []
        for a in parts:
            a = a.strip()
            if a.startswith("="):
                weight, a = 1.0, a[1:]
            elif WEIGHT_RE.match(a):
                weight, a = weight_parser(a)
            else:
                weight = 0.0
            ans, fb = comment_parser(a, fmt)
            q["answers"].append({"text": ans, "fraction": weight, "feedback": fb})
        return q
    check = answertext.split("#", 1)[0].strip() if answertext.find("#") > 0 else answertext
    if check in ("T", "TRUE", "F", "FALSE"):
        q["qtype"] = "truefalse"
        bits = answertext.split("#", 2)
        q["correct"] = bits[0].strip() in ("T", "TRUE")
        q["wrongfeedback"] = parse_text(bits[1].strip(), fmt)[0] if len(bits) > 1 else ""
        q["rightfeedback"] = parse_text(bits[2].strip(), fmt)[0] if len(bits) > 2 else ""
        return q
    raise GiftError(f"unsupported question: {answertext[:80]!r}")


def read_gift(text: str) -> list[dict]:
    """Split into blank-line-separated blocks, as Moodle's readquestions does."""
    out, block = [], []
    for line in text.splitlines() + [""]:
        if line.strip() == "":
            if block:
                q = read_question(block)
                if q:
                    out.append(q)
                block = []
        else:
            block.append(line)
    return out
