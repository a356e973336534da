"""The question bank: YAML files in the course's bank folder, validated on load.

File format (one file per topic is the convention; any ``*.yaml``/``*.yml``)::

    topic: gates                      # the topic this file declares (default of its questions)
    title: "Logic gates"              # how pages show the topic (default: its id)
    order: 3                          # where the topic comes in the bank (default: last, by name)
    questions:
      - id: gates-xor                 # unique in the whole bank: [a-z0-9][a-z0-9_-]*
        type: single_choice           # single_choice | multiple_choice | true_false
                                      # | numeric | parameterised
        topic: gates                  # optional; must be a topic some file declares
        tags: [week3, logic]          # optional: quiz sections can draw by tag
        source: {file: 001_629117b4bfcd7762.txt, section: "Logic gates", quote: "XOR"}
        prompt: Which gate can a single threshold unit NOT compute?
        choices:                      # choice types only
          - {id: a, text: AND}
          - {id: b, text: XOR, feedback: "Right: XOR is not linearly separable."}
          - {id: c, text: "None of the above"}
        shuffle: false                # keep the choices in this order for everyone
                                      # (default: shuffled per student in named quizzes)
        answer: b                     # single: a choice id; multiple: a list of ids;
                                      # true_false: true/false; numeric: a number;
                                      # parameterised: the word ``computed``
        tolerance: 0.001              # numeric / parameterised: absolute error allowed
        generator: unit_output        # parameterised only: a generator of the bank's
                                      # generators.py (see grader/quiz/params.py)
        points: 1                     # default 1
        feedback: General feedback shown after answering.

Multiple choice: the correct choices share 100 % equally unless they give a
``weight`` (percent); a wrong choice weighs ``-100 / (number of correct
choices)`` unless it gives a (negative) ``weight``.  Every weight must be one of
the grades Moodle accepts on import (100, 90, 83.33333, ..., 5) so that GIFT
and Moodle XML exports import unchanged.

A parameterised prompt is a ``str.format`` template filled with the
generator's display strings (``{x}``, ``{w}``, ...; write ``{{`` for a brace).
Its answer is never in the bank: the generator computes it with the course's
reference implementation from the student's drawn numbers.  Generators are
course content: ``generators.py`` in the bank's folder, or, for a bank
without one (a test's small bank), the course bank's.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader.quiz.params import GENERATORS_FILE, Draw, Generator, Generators, load_generators

TYPES = ("single_choice", "multiple_choice", "true_false", "numeric", "parameterised")
CHOICE_TYPES = ("single_choice", "multiple_choice", "true_false")
NUMERIC_TYPES = ("numeric", "parameterised")
INPUT_KIND = {"single_choice": "radio", "true_false": "radio", "multiple_choice": "checkbox",
              "numeric": "number", "parameterised": "number"}

#: The seed that draws the template variant of parameterised questions (exports
#: without a student, previews).  Student seeds come from ``seed_for``.
TEMPLATE_SEED = 0

#: Percent grades Moodle accepts for an answer (question_bank::fraction_options_full).
MOODLE_GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0)

NOTES_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def checked_id(raw: dict, where: str, errors: list[str]) -> str | None:
    """``raw["id"]`` if it is a valid id (a question's, a quiz's), else None
    with one line in ``errors``."""
    qid = raw.get("id")
    if not isinstance(qid, str) or not ID_RE.match(qid):
        errors.append(f"{where}: 'id' must match [a-z0-9][a-z0-9_-]*, got {qid!r}")
        return None
    return qid
KNOWN_KEYS = {"id", "type", "topic", "tags", "source", "prompt", "choices", "answer",
              "tolerance", "points", "feedback", "generator", "shuffle"}
FILE_KEYS = {"topic", "title", "order", "questions"}
CHOICE_KEYS = {"id", "text", "feedback", "weight"}


class BankError(ValueError):
    """The question bank is malformed; ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors) if not isinstance(errors, str) else [errors]
        super().__init__("invalid quiz bank:\n  " + "\n  ".join(self.errors))


def moodle_grade(percent: float) -> float | None:
    """The Moodle grade (percent, signed) equal to ``percent`` within 1e-3, else None."""
    for g in MOODLE_GRADES:
        if abs(abs(percent) - g) < 1e-3:
            return math.copysign(g, percent) if g else 0.0
    return None


def seed_for(student_id: str, question_id: str) -> int:
    """A 64-bit seed from sha256(student id, question id): stable across processes and
    machines (unlike ``hash()``)."""
    digest = hashlib.sha256(f"{student_id}\x1f{question_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    weight: float = 0.0          # percent: 100 for a single choice's answer
    feedback: str = ""

    @property
    def correct(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    topic: str
    source: dict
    prompt: str
    points: float
    feedback: str = ""
    choices: tuple[Choice, ...] = ()
    answer: object = None        # choice id / list of ids / bool / float / "computed"
    tolerance: float | None = None
    generator: str | None = None
    file: str = ""
    tags: tuple[str, ...] = ()
    shuffle: bool = True         # False: the choices keep the bank's order (pinned)
    topic_title: str = ""        # the title the topic's file declares
    gen: Generator | None = field(default=None, compare=False, repr=False)

    @property
    def source_text(self) -> str:
        s = self.source
        return f"{s['file']}, {s['section']}"

    def choice(self, choice_id: str) -> Choice | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None


class QuestionVariant:
    """One question as one student sees it.  Public fields carry no correctness."""

    __slots__ = ("id", "type", "topic", "topic_title", "source", "prompt", "choices", "points", "params",
                 "student", "question", "_answer")

    def __init__(self, question: Question, student: str | None, prompt: str, params: dict,
                 answer):
        self.question = question
        self.id = question.id
        self.type = question.type
        self.topic = question.topic
        self.topic_title = question.topic_title or question.topic
        self.source = dict(question.source)
        self.prompt = prompt
        self.choices = [{"id": c.id, "text": c.text} for c in question.choices]
        self.points = question.points
        self.params = params
        self.student = student
        self._answer = answer

    @property
    def input_kind(self) -> str:
        return INPUT_KIND[self.type]

    def key(self) -> dict:
        """The answer key (instructor side only): answer, tolerance, weighted choices, feedback."""
        q = self.question
        return {"answer": self._answer, "tolerance": q.tolerance, "feedback": q.feedback,
                "choices": [{"id": c.id, "text": c.text, "correct": c.correct,
                             "weight": c.weight, "feedback": c.feedback} for c in q.choices]}

    def to_public(self) -> dict:
        return {"id": self.id, "type": self.type, "input_kind": self.input_kind,
                "topic": self.topic, "source": dict(self.source), "prompt": self.prompt,
                "choices": [dict(c) for c in self.choices], "points": self.points,
                "params": dict(self.params)}

    def __repr__(self):
        return f"QuestionVariant({self.id!r}, student={self.student!r})"


@dataclass
class Bank:
    questions: list[Question]
    path: Path | None = None
    topics: dict[str, str] = field(default_factory=dict)   # id -> title, in bank order
    _by_id: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_id = {q.id: q for q in self.questions}

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def total_points(self) -> float:
        return float(sum(q.points for q in self.questions))

    def get(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(f"no question {question_id!r} in the quiz bank") from None

    def __len__(self):
        return len(self.questions)

    def topic_title(self, topic: str) -> str:
        return self.topics.get(topic) or topic

    def __iter__(self):
        return iter(self.questions)

    def variant_for(self, student_id: str | None, question_id: str) -> QuestionVariant:
        return make_variant(self.get(question_id), student_id)

    def variant(self, student_id: str) -> list[QuestionVariant]:
        if not isinstance(student_id, str) or not student_id.strip():
            raise ValueError(f"student id must be a non-empty string, got {student_id!r}")
        return [make_variant(q, student_id) for q in self.questions]

    def template(self) -> list[QuestionVariant]:
        return [make_variant(q, None) for q in self.questions]


def make_variant(question: Question, student_id: str | None) -> QuestionVariant:
    """``question`` for ``student_id`` (None: the template, seed ``TEMPLATE_SEED``)."""
    if question.type != "parameterised":
        return QuestionVariant(question, student_id, question.prompt, {}, question.answer)
    gen = question.gen
    seed = TEMPLATE_SEED if student_id is None else seed_for(student_id, question.id)
    params = gen.draw(Draw(seed))
    answer = float(gen.solve(params))
    prompt = question.prompt.format_map(gen.display(params))
    return QuestionVariant(question, student_id, prompt, params, answer)


# --------------------------------------------------------------------------
# loading and validation
# --------------------------------------------------------------------------

def default_bank_path() -> Path:
    from grader.course.bundle import bundle_root
    return bundle_root() / "reference" / "quiz"


def generators_for(path: Path) -> Generators:
    """The generators of the bank at ``path``: its folder's ``generators.py``, else the
    course bank's (a bank without parameterised questions needs neither)."""
    folder = path if path.is_dir() else path.parent
    for candidate in (folder / GENERATORS_FILE, _course_generators_file()):
        if candidate is not None and candidate.is_file():
            return load_generators(candidate)
    return Generators()


def _course_generators_file() -> Path | None:
    from grader.course.bundle import BundleMissing
    try:
        return default_bank_path() / GENERATORS_FILE
    except BundleMissing:
        return None


def load_bank(path: str | Path | None = None) -> Bank:
    """Read every ``*.yaml``/``*.yml`` under ``path`` (a folder or one file) and validate."""
    path = Path(path) if path is not None else default_bank_path()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise BankError(f"no quiz bank at {path}")
    if not files:
        raise BankError(f"{path} holds no *.yaml question files")
    errors: list[str] = []
    contents = _read_files(files, errors)
    topics, order = _declared_topics(contents, errors)
    needs_generators = any(isinstance(raw, dict) and raw.get("type") == "parameterised"
                           for _, data in contents for raw in data["questions"])
    generators = _generators_or_error(path, errors) if needs_generators else Generators()
    questions: list[Question] = []
    for f, data in contents:
        for i, raw in enumerate(data["questions"]):
            q = _parse_question(raw, f.name, i, data.get("topic"), topics, generators, errors)
            if q is not None:
                questions.append(q)
    seen: dict[str, str] = {}
    for q in questions:
        if q.id in seen:
            errors.append(f"{q.file}: question {q.id!r}: duplicate id (also in {seen[q.id]})")
        else:
            seen[q.id] = q.file
    if not errors:
        for q in questions:
            if q.type == "parameterised":
                try:  # the template must render and compute
                    make_variant(q, None)
                except Exception as e:  # noqa: BLE001 - reported as a bank error
                    errors.append(f"{q.file}: question {q.id!r}: template does not render "
                                  f"({type(e).__name__}: {e})")
    if errors:
        raise BankError(errors)
    questions.sort(key=lambda q: order[q.topic])      # stable: file order within a topic
    titles = {t: topics[t] for t in sorted(topics, key=order.get)}
    return Bank(questions, path, titles)


def _read_files(files, errors) -> list[tuple[Path, dict]]:
    """(file, parsed mapping) of every bank file that parses."""
    out = []
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            errors.append(f"{f.name}: not valid YAML: {e}")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            errors.append(f"{f.name}: expected a mapping with a 'questions' list")
            continue
        unknown = set(data) - FILE_KEYS
        if unknown:
            errors.append(f"{f.name}: unknown key(s) {', '.join(sorted(unknown))}; "
                          f"allowed: {', '.join(sorted(FILE_KEYS))}")
        out.append((f, data))
    return out


def _declared_topics(contents, errors) -> tuple[dict[str, str], dict[str, tuple]]:
    """{topic: title} and {topic: sort key} from the files' ``topic``/``title``/``order``."""
    topics: dict[str, str] = {}
    order: dict[str, tuple] = {}
    for f, data in contents:
        topic = data.get("topic")
        if topic is None:
            continue
        if not isinstance(topic, str) or not ID_RE.match(topic):
            errors.append(f"{f.name}: 'topic' must match [a-z0-9][a-z0-9_-]*, got {topic!r}")
            continue
        title = data.get("title", topic)
        if not isinstance(title, str) or not title.strip():
            errors.append(f"{f.name}: 'title' must be non-empty text")
            title = topic
        rank = data.get("order", math.inf)
        if not _num(rank) and rank != math.inf:
            errors.append(f"{f.name}: 'order' must be a number, got {rank!r}")
            rank = math.inf
        if topic in topics and data.get("title") is not None and topics[topic] != title:
            errors.append(f"{f.name}: topic {topic!r} has another title in another file")
        topics.setdefault(topic, title.strip())
        order[topic] = min(order.get(topic, (math.inf, "")), (rank, f.name))
    return topics, order


def _generators_or_error(path, errors) -> Generators:
    try:
        return generators_for(path)
    except Exception as e:  # noqa: BLE001 - a broken generators file is a bank error
        errors.append(f"{GENERATORS_FILE}: cannot be imported ({type(e).__name__}: {e})")
        return Generators()


def _num(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse_question(raw, fname, index, default_topic, topics, generators,
                    errors) -> Question | None:
    where = f"{fname}: question #{index + 1}"
    if not isinstance(raw, dict):
        errors.append(f"{where}: expected a mapping, got {type(raw).__name__}")
        return None
    qid = checked_id(raw, where, errors)
    if qid is None:
        return None
    where = f"{fname}: question {qid!r}"
    n_errors = len(errors)

    def err(msg):
        errors.append(f"{where}: {msg}")

    unknown = set(raw) - KNOWN_KEYS
    if unknown:
        err(f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(KNOWN_KEYS))}")
    qtype = raw.get("type")
    if qtype not in TYPES:
        err(f"'type' must be one of {', '.join(TYPES)}, got {qtype!r}")
        return None
    topic = raw.get("topic", default_topic)
    if topic not in topics:
        err(f"'topic' must be one of {', '.join(topics)} (the topics the bank's files "
            f"declare), got {topic!r}")
    tags = raw.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) and ID_RE.match(t) for t in tags):
        err(f"'tags' must be a list of ids like week3, got {tags!r}")
        tags = []
    shuffle = raw.get("shuffle", True)
    if not isinstance(shuffle, bool):
        err(f"'shuffle' must be true or false, got {shuffle!r}")
        shuffle = True
    source = raw.get("source")
    if not isinstance(source, dict) or set(source) - {"file", "section", "quote"}:
        err("'source' must be a mapping {file, section[, quote]} citing the course notes")
        source = {"file": "?", "section": "?"}
    else:
        if not isinstance(source.get("file"), str) or not NOTES_FILE.match(source["file"]):
            err(f"source.file must be a course-notes file name like 001_629117b4bfcd7762.txt, "
                f"got {source.get('file')!r}")
        if not isinstance(source.get("section"), str) or not source["section"].strip():
            err("source.section must name the heading or passage of the notes")
        if "quote" in source and not isinstance(source["quote"], str):
            err("source.quote must be text")
    prompt = raw.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        err("'prompt' must be non-empty text")
        prompt = ""
    points = raw.get("points", 1)
    if not _num(points) or points <= 0:
        err(f"'points' must be a positive number, got {points!r}")
        points = 1
    feedback = raw.get("feedback", "")
    if not isinstance(feedback, str):
        err("'feedback' must be text")
        feedback = ""
    answer = raw.get("answer")
    tolerance = raw.get("tolerance")
    generator = raw.get("generator")
    choices: tuple[Choice, ...] = ()

    if qtype in NUMERIC_TYPES:
        if "choices" in raw:
            err(f"a {qtype} question has no 'choices'")
        if tolerance is None or not _num(tolerance) or tolerance < 0:
            err(f"'tolerance' must be a number >= 0 for a {qtype} question, got {tolerance!r}")
        if qtype == "numeric":
            if generator is not None:
                err("'generator' belongs to parameterised questions only")
            if not _num(answer):
                err(f"'answer' must be a number, got {answer!r}")
        else:
            if answer != "computed":
                err("a parameterised question's 'answer' must be the word 'computed' "
                    f"(the reference implementation computes it), got {answer!r}")
            if generator not in generators:
                err(f"'generator' must be one of {', '.join(sorted(generators))} (the bank's "
                    f"{GENERATORS_FILE}), got {generator!r}")
    else:
        if tolerance is not None:
            err("'tolerance' belongs to numeric questions only")
        if generator is not None:
            err("'generator' belongs to parameterised questions only")
        choices, answer = _parse_choices(qtype, raw.get("choices"), answer, err)

    if len(errors) > n_errors:
        return None
    return Question(id=qid, type=qtype, topic=topic, source=dict(source), prompt=prompt.strip(),
                    points=float(points), feedback=feedback.strip(), choices=choices,
                    answer=float(answer) if qtype == "numeric" else answer,
                    tolerance=float(tolerance) if tolerance is not None else None,
                    generator=generator, file=fname, tags=tuple(tags), shuffle=shuffle,
                    gen=generators.get(generator) if generator else None,
                    topic_title=topics.get(topic, topic))


def _parse_choices(qtype, raw_choices, answer, err):
    if qtype == "true_false":
        if not isinstance(answer, bool):
            err(f"a true_false 'answer' must be true or false, got {answer!r}")
            return (), answer
        fb = {"true": "", "false": ""}
        for c in raw_choices or []:
            if not isinstance(c, dict) or c.get("id") not in ("true", "false") \
                    or set(c) - {"id", "feedback"}:
                err("true_false 'choices' may only give {id: 'true'|'false', feedback} entries")
                continue
            fb[c["id"]] = str(c.get("feedback", ""))
        return (Choice("true", "True", 100.0 if answer else 0.0, fb["true"]),
                Choice("false", "False", 0.0 if answer else 100.0, fb["false"])), answer

    if not isinstance(raw_choices, list) or len(raw_choices) < 2:
        err("'choices' must be a list of at least two {id, text[, feedback, weight]} entries")
        return (), answer
    parsed = []
    ids = set()
    for c in raw_choices:
        if not isinstance(c, dict) or set(c) - CHOICE_KEYS:
            err(f"each choice must be a mapping with keys among {sorted(CHOICE_KEYS)}, got {c!r}")
            return (), answer
        cid, text = c.get("id"), c.get("text")
        if not isinstance(cid, str) or not re.match(r"^[a-z0-9]{1,8}$", cid):
            err(f"choice id must be short lowercase letters/digits, got {cid!r}")
            return (), answer
        if cid in ids:
            err(f"duplicate choice id {cid!r}")
        ids.add(cid)
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(text)
        if not isinstance(text, str) or not text.strip():
            err(f"choice {cid!r} needs a non-empty 'text'")
            text = "?"
        fb = c.get("feedback", "")
        if not isinstance(fb, str):
            err(f"choice {cid!r}: 'feedback' must be text")
            fb = ""
        weight = c.get("weight")
        if weight is not None and not _num(weight):
            err(f"choice {cid!r}: 'weight' must be a number (percent), got {weight!r}")
            weight = None
        parsed.append((cid, text.strip(), fb.strip(), weight))

    if qtype == "single_choice":
        if not isinstance(answer, str) or answer not in ids:
            err(f"'answer' must be one of the choice ids {sorted(ids)}, got {answer!r}")
            return (), answer
        if any(w is not None for *_, w in parsed):
            err("single_choice choices take no 'weight' (the answer scores 100 %)")
        return tuple(Choice(cid, text, 100.0 if cid == answer else 0.0, fb)
                     for cid, text, fb, _ in parsed), answer

    # multiple choice
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, list) or not answer or not all(isinstance(a, str) for a in answer):
        err(f"a multiple_choice 'answer' must be a non-empty list of choice ids, got {answer!r}")
        return (), answer
    missing = [a for a in answer if a not in ids]
    if missing:
        err(f"answer id(s) {missing} are not among the choice ids {sorted(ids)}")
        return (), answer
    if len(set(answer)) != len(answer):
        err(f"answer lists a choice twice: {answer}")
    if len(answer) == len(parsed):
        err("every choice is correct: a multiple_choice question needs at least one wrong choice")
    k = len(answer)
    choices = []
    for cid, text, fb, w in parsed:
        right = cid in answer
        if w is None:
            w = 100.0 / k if right else -100.0 / k
        if right and w <= 0:
            err(f"choice {cid!r} is correct but has weight {w} (must be > 0)")
        if not right and w >= 0:
            err(f"choice {cid!r} is wrong but has weight {w} (must be negative)")
        grade = moodle_grade(w)
        if grade is None:
            err(f"choice {cid!r}: weight {w:g} % is not a grade Moodle accepts "
                f"({', '.join(f'{g:g}' for g in MOODLE_GRADES)})")
            grade = w
        choices.append(Choice(cid, text, grade, fb))
    total = sum(c.weight for c in choices if c.weight > 0)
    if abs(total - 100.0) > 1e-3:
        err(f"the weights of the correct choices sum to {total:g} %, not 100 %")
    return tuple(choices), list(answer)
