"""Helpers of the quiz server tests: sign-in through the real pages, right and
wrong answers from the answer key, what must stay secret before a question
is answered, and a tiny cookie-keeping HTTP client for the live server."""
from __future__ import annotations

import functools
import http.client
import re
from urllib.parse import urlencode, urlparse

from markupsafe import escape

from grader.quiz import grade_answer

STUDENTS = ["alice", "bob", "carol", "dave"]
INSTRUCTOR_TOKEN = "instructor-token-for-tests"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
GENERIC_FEEDBACK = {"Correct.", "Not correct."}


def esc(s) -> str:
    """``s`` as the pages' templates (Jinja2's autoescaping) write it."""
    return str(escape(s))


def csrf_of(body: str) -> str:
    m = CSRF_RE.search(body)
    assert m, "the page has no CSRF token field"
    return m.group(1)


def text(resp) -> str:
    return resp.get_data(as_text=True)


class Student:
    """A browser-like session of the Flask test client, signed in through the pages."""

    def __init__(self, app, token: str):
        self.client = app.test_client()
        self.bodies: list[str] = []           # every response body, redirects included
        self.pages: list[str] = []            # the bodies of non-redirect responses
        r = self.get("/")
        assert r.status_code == 200
        r = self.post("/login", {"token": token, "csrf_token": csrf_of(text(r))})
        assert r.status_code == 303, text(r)
        r = self.get("/quiz")
        assert r.status_code == 200
        self.csrf = csrf_of(text(r))

    def _keep(self, r):
        self.bodies.append(text(r))
        if not 300 <= r.status_code < 400:
            self.pages.append(text(r))
        return r

    def get(self, url):
        return self._keep(self.client.get(url))

    def post(self, url, data):
        return self._keep(self.client.post(url, data=data))

    def answer(self, qid: str, answer, csrf: str | None = None):
        return self.post(f"/quiz/{qid}", {"answer": answer,
                                          "csrf_token": self.csrf if csrf is None else csrf})


def right_answer(v):
    """A correct answer to variant ``v``, as the form posts it."""
    key = v.key()["answer"]
    if v.type == "true_false":
        return "true" if key else "false"
    if v.type == "multiple_choice":
        return list(key)
    if v.type in ("numeric", "parameterised"):
        return repr(float(key))
    return key


def wrong_answer(v):
    """A wrong answer to variant ``v``, as the form posts it."""
    key = v.key()["answer"]
    if v.type == "true_false":
        return "false" if key else "true"
    if v.type == "multiple_choice":
        return [c["id"] for c in v.key()["choices"] if not c["correct"]][:1]
    if v.type in ("numeric", "parameterised"):
        tol = v.key()["tolerance"] or 0.0
        return repr(float(key) + 10 * tol + 1.0)
    return next(c["id"] for c in v.key()["choices"] if not c["correct"])


def number_strings(x: float) -> set[str]:
    """The ways a page could print the number ``x``."""
    x = float(x)
    out = {repr(x), f"{x:g}", f"{x:.6g}", f"{x:.4g}", f"{x:.3f}"}
    if x.is_integer():
        out.add(str(int(x)))
    return {s for s in out if s not in ("", "-")}


def shown_texts(variants) -> list[str]:
    """What the quiz page shows of these questions anyway: prompts and choice texts."""
    return [v.prompt for v in variants] + [c["text"] for v in variants for c in v.choices]


def secrets_of(v, shown: list[str] | None = None) -> set[str]:
    """Text that only someone knowing the answer key could write: the verdicts'
    feedback (right, wrong, revealed), the general and per-choice feedback.
    Generic one-word verdicts and text the page shows anyway (``shown``: by
    default the question's own prompt and choices) are left out."""
    key = v.key()
    shown = shown if shown is not None else shown_texts([v])
    lines = set()
    for answer in (right_answer(v), wrong_answer(v)):
        for reveal in (True, False):
            lines.update(grade_answer(v, answer, reveal=reveal).feedback.splitlines())
    lines.add(key["feedback"] or "")
    lines.update(c["feedback"] or "" for c in key["choices"])
    out = set()
    for line in lines:
        line = line.strip()
        if len(line) < 6 or line in GENERIC_FEEDBACK or any(line in s for s in shown):
            continue
        out.add(esc(line))
    return out


SECTION_RE = re.compile(r'<section class="card question" id="q-([^"]+)".*?</section>', re.S)


@functools.lru_cache(maxsize=16)
def sections(body: str) -> dict[str, str]:
    """question id -> its HTML on the quiz page ``body``."""
    return {m.group(1): m.group(0) for m in SECTION_RE.finditer(body)}


def section(body: str, qid: str) -> str:
    """The HTML of question ``qid`` on the quiz page."""
    sec = sections(body).get(esc(qid))
    assert sec, f"question {qid} is not on the page"
    return sec


@functools.lru_cache(maxsize=64)
def present(body: str, universe: frozenset[str]) -> frozenset[str]:
    """The texts of ``universe`` that are (as whole texts) in ``body``."""
    return frozenset(s for s in universe if occurrences(s, body))


def occurrences(s: str, body: str) -> int:
    """How often the whole text ``s`` is in ``body`` ("The answer is 0." is not in
    "The answer is 0.5.")."""
    count, i = 0, body.find(s)
    while i >= 0:
        before = body[i - 1] if i else " "
        after = body[i + len(s)] if i + len(s) < len(body) else " "
        if not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_"):
            count += 1
        i = body.find(s, i + 1)
    return count


def section_without_question_text(v, sec: str) -> str:
    """The section with its prompt, choice texts and CSRF token blanked: what is left
    is the page's own markup around the question."""
    sec = CSRF_RE.sub('name="csrf_token" value=""', sec)
    for t in sorted([v.prompt] + [c["text"] for c in v.choices], key=len, reverse=True):
        sec = sec.replace(esc(t), "\x00")
    tag = f'<span class="tag">{esc(v.topic_title)}</span>'
    return sec.replace(esc(v.id), "\x01").replace(tag, "")


def assert_key_absent(v, body: str, secrets: set[str] | None = None, allowed=()):
    """None of ``v``'s secrets (default: ``secrets_of(v)``; less those in ``allowed``)
    is anywhere in ``body``."""
    for s in (secrets_of(v) if secrets is None else secrets) - set(allowed):
        assert not occurrences(s, body), \
            f"{v.id}: the page shows {s!r} before the question is answered"


def assert_unanswered_question_hides_key(v, body: str, secrets: set[str] | None = None,
                                         allowed=()):
    """Nothing in ``body`` tells the answer to ``v``; its section on the page shows
    only the prompt and the choices, each choice marked up exactly like the others."""
    assert_key_absent(v, body, secrets, allowed)
    sec = section(body, v.id)
    bare = section_without_question_text(v, sec)
    assert 'class="verdict' not in bare and 'class="feedback' not in bare
    for word in ("correct", "weight", "checked", "selected", "key", "solution", "right answer"):
        assert word not in bare.lower(), f"{v.id}: {word!r} in the markup of an unanswered question"
    if v.choices:
        labels = re.findall(r'<label class="choice">.*?</label>', sec, re.S)
        assert len(labels) == len(v.choices)
        shapes = set()
        for label, c in zip(labels, v.choices):
            shape = label.replace(f'value="{esc(c["id"])}"', 'value=""')
            shape = shape.replace(esc(c["text"]), "")
            shapes.add(shape)
        assert len(shapes) == 1, f"{v.id}: the choices are not all marked up alike: {shapes}"
    else:
        # the form (the page's markup around the answer box; the header above it
        # prints the question's number and points)
        form = bare[bare.index("<form"):].replace('maxlength="200"', "")
        key = float(v.key()["answer"])
        for s in number_strings(key):
            pattern = rf"(?<![\w.]){re.escape(s)}(?![\w.])"
            assert not re.search(pattern, form), \
                f"{v.id}: the answer {s} is in the form of an unanswered question"


class LiveClient:
    """One student's keep-alive connection to the live server, with its cookies."""

    def __init__(self, base: str, timeout: float = 30):
        u = urlparse(base)
        self.host, self.port, self.timeout = u.hostname, u.port, timeout
        self.cookies: dict[str, str] = {}
        self.conn = None

    def request(self, method: str, path: str, form=None):
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Connection": "keep-alive"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for retry in (True, False):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read().decode("utf-8")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if not retry:
                    raise
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        return resp.status, data, dict(resp.getheaders())

    def sign_in(self, token: str) -> str:
        status, body, _ = self.request("GET", "/")
        assert status == 200
        status, body, headers = self.request("POST", "/login",
                                             {"token": token, "csrf_token": csrf_of(body)})
        assert status == 303, body
        status, body, _ = self.request("GET", "/quiz")
        assert status == 200
        self.csrf = csrf_of(body)
        return body

    def close(self):
        if self.conn is not None:
            self.conn.close()
