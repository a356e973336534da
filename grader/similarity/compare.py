"""Pairwise similarity of submissions, per exercise, with copydetect.

copydetect tokenises each file with Pygments and replaces every variable
name by ``V``, every function name by ``F`` and every string by ``S``, drops
comments and whitespace, then keeps a winnowed set of hashes of the
``NOISE``-character substrings of what remains.  So renaming variables and
reformatting change nothing, and reordering functions changes only the few
hashes that span a boundary: a disguised copy keeps most fingerprints.
Hashes that also occur in the released stub or the public tests of the
exercise are boilerplate and never count.

For a pair (a, b), copydetect reports the share of a's fingerprinted code
that is also in b, and the other way round; the pair's ``similarity`` is the
larger of the two (a student who copied a whole file and added to it still
shows), as copydetect's own report does.  A pair is flagged at
``similarity >= threshold`` when both files have at least ``MIN_CODE``
characters of their own code (two near-empty files are not evidence).
"""
from __future__ import annotations

import io
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from copydetect import CodeFingerprint, compare_files

from grader.course import bundle
from grader.intake.submissions import Submission, discover

NOISE = 25               # k: shorter matches are noise (copydetect's default noise threshold)
WINDOW = 1               # winnowing window: every k-gram kept (guarantee threshold = noise threshold)
DEFAULT_THRESHOLD = 0.6  # measured: independent correct solutions <= 0.33, disguised copies >= 0.8
MIN_CODE = 60            # fingerprinted characters of its own a file needs before its pairs can be flagged


@dataclass
class Pair:
    exercise: str
    student_a: str
    student_b: str
    similarity: float
    share_a: float       # of a's code, the part also in b
    share_b: float
    flagged: bool


@dataclass
class Prints:
    """What comparing needs of one file's copydetect fingerprint: the
    positions of its fingerprints in the filtered code (sorted), their hashes,
    and its token coverage.  Small, so worker processes return it cheaply."""
    positions: np.ndarray
    hashes: np.ndarray
    coverage: int

    @classmethod
    def of(cls, fp: CodeFingerprint) -> "Prints":
        pos = np.array([p for ps in fp.hash_idx.values() for p in ps], dtype=np.int64)
        hsh = np.array([h for h, ps in fp.hash_idx.items() for _ in ps], dtype=np.int64)
        order = np.argsort(pos, kind="stable")
        return cls(pos[order], hsh[order], int(fp.token_coverage))


@dataclass
class Comparison:
    threshold: float
    pairs: list[Pair] = field(default_factory=list)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # exercise -> student -> code
    boilerplate: dict[str, np.ndarray] = field(default_factory=dict)
    submissions: dict[str, int] = field(default_factory=dict)         # exercise -> how many compared
    problems: list[str] = field(default_factory=list)
    _full: dict = field(default_factory=dict, repr=False)  # full fingerprints made for the report

    def full_fingerprint(self, exercise: str, student: str) -> CodeFingerprint:
        """copydetect's whole fingerprint of one file (for highlighting), made once."""
        key = (exercise, student)
        if key not in self._full:
            self._full[key] = fingerprint(student, exercise, self.sources[exercise][student],
                                          self.boilerplate[exercise])
        return self._full[key]

    def flagged(self) -> list[Pair]:
        return [p for p in self.pairs if p.flagged]


# ---------------------------------------------------------------- inputs

def exercise_source(sub: Submission, exercise: str) -> str | None:
    """The code of one exercise of one submission, as the grader sees it."""
    if exercise in sub.extractions:
        # a notebook: the module the grader extracted from it (grader/intake/notebooks.py),
        # so notebooks are compared exactly as they are graded, experiments left out
        return sub.extractions[exercise].code
    name = sub.exercise_file(exercise)
    if name is None:
        return None
    return sub.files[name].decode("utf-8", "replace")


def stubs_folder() -> Path | None:
    """The released exercises (stubs and tests/), by the course folder rule."""
    return bundle.find("exercises")


def boilerplate(exercise: str, folder: Path | None = None) -> np.ndarray:
    """Fingerprints of what every student received for ``exercise``: the
    stub and its public tests.  Matches on these are not evidence."""
    folder = folder or stubs_folder() or Path("exercises")
    hashes = []
    for path in (folder / f"{exercise}.py", folder / "tests" / f"test_{exercise}.py"):
        if path.is_file():
            hashes.extend(CodeFingerprint(str(path), NOISE, WINDOW).hashes)
    return np.unique(np.array(hashes, dtype=np.int64))


def fingerprint(student: str, exercise: str, source: str, common: np.ndarray) -> CodeFingerprint:
    # the name only tells Pygments the language; the code comes from ``fp``
    return CodeFingerprint(f"{student}/{exercise}.py", NOISE, WINDOW, boilerplate=common,
                           fp=io.StringIO(source))


# ---------------------------------------------------------------- comparing
#
# copydetect's compare_files computes one pair at a time in Python (about
# 0.3 ms a pair, over a minute per exercise for 500 students even on an idle
# machine).  overlap_matrix computes the same numbers for all pairs at once
# with numpy: for a pair (a, b), copydetect's overlap of a is the length of
# the union of the intervals [p, p + k) over the positions p of a's
# fingerprints whose hash b also has; with a's positions sorted, that union is
# the sum of min(gap to the next selected position, k), plus k for the last.
# tests/similarity checks the two agree on real files.

class _Layout:
    """All fingerprints of one exercise, flattened: position, hash id and
    file of every fingerprint that occurs in at least two files (the others
    can never match), each file's sorted by position."""

    def __init__(self, prints: list[Prints]):
        pos = np.concatenate([p.positions for p in prints]) if prints else np.zeros(0, np.int64)
        hsh = np.concatenate([p.hashes for p in prints]) if prints else np.zeros(0, np.int64)
        file = np.repeat(np.arange(len(prints)), [len(p.positions) for p in prints])
        _, ids = np.unique(hsh, return_inverse=True)
        ids = ids.reshape(-1)
        # keep a hash only if two different files have it
        pairs = np.unique(np.stack([ids, file]), axis=1) if ids.size else np.zeros((2, 0), np.int64)
        shared = np.bincount(pairs[0], minlength=int(ids.max(initial=-1)) + 1) >= 2
        keep = shared[ids] if ids.size else np.zeros(0, bool)
        self.n = len(prints)
        self.pos, self.ids, self.file = pos[keep], ids[keep], file[keep]
        self.vocabulary = int(ids.max(initial=-1)) + 1
        self.bounds = np.searchsorted(self.file, np.arange(self.n + 1))


_LAYOUT: _Layout | None = None  # the exercise being compared, inherited by forked workers


def _overlaps_in(columns: list[int]) -> np.ndarray:
    """For each file b of ``columns``: the overlap (copydetect's token_overlap)
    of every file a with b, as column b of an (n, len(columns)) array."""
    lay = _LAYOUT
    out = np.zeros((lay.n, len(columns)))
    has = np.zeros(lay.vocabulary, dtype=bool)
    for c, b in enumerate(columns):
        ids_b = lay.ids[lay.bounds[b]:lay.bounds[b + 1]]
        has[ids_b] = True
        selected = has[lay.ids]
        selected[lay.bounds[b]:lay.bounds[b + 1]] = False  # not with itself
        has[ids_b] = False
        pos, file = lay.pos[selected], lay.file[selected]
        if pos.size:
            same_file = file[1:] == file[:-1]
            spans = np.append(np.where(same_file, np.minimum(np.diff(pos), NOISE), NOISE), NOISE)
            out[:, c] = np.bincount(file, weights=spans, minlength=lay.n)
    return out


def overlap_matrix(prints: list[Prints], jobs: int = 1) -> np.ndarray:
    """``O[a, b]``: how many characters of a's filtered code are covered by
    fingerprints that b shares (copydetect's token overlap of a against b)."""
    global _LAYOUT
    _LAYOUT = _Layout(prints)
    n = len(prints)
    chunks = [list(range(k, n, max(jobs, 1))) for k in range(max(jobs, 1))]
    if jobs > 1 and n > 50:
        # fork: the workers inherit the layout instead of unpickling it
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_overlaps_in, chunks))
    else:
        parts = [_overlaps_in(list(range(n)))]
        chunks = [list(range(n))]
    matrix = np.zeros((n, n))
    for columns, part in zip(chunks, parts):
        matrix[:, columns] = part
    _LAYOUT = None
    return matrix


def compare_exercise(exercise: str, prints: dict[str, Prints], threshold: float,
                     jobs: int = 1) -> list[Pair]:
    """Every pair of ``prints`` (student -> fingerprint) of one exercise."""
    students = sorted(prints)
    ordered = [prints[s] for s in students]
    overlap = overlap_matrix(ordered, jobs)
    coverage = np.array([max(p.coverage, 1) for p in ordered], dtype=float)
    share = overlap / coverage[:, None]  # share[a, b]: part of a's code also in b
    own = coverage >= MIN_CODE
    pairs = []
    for i in range(len(students)):
        for j in range(i + 1, len(students)):
            sa, sb = float(share[i, j]), float(share[j, i])
            pairs.append(Pair(exercise, students[i], students[j], round(max(sa, sb), 4), round(sa, 4),
                              round(sb, 4), max(sa, sb) >= threshold and bool(own[i] and own[j])))
    return pairs


def _fingerprint_task(task) -> Prints:
    student, exercise, source, common = task
    return Prints.of(fingerprint(student, exercise, source, common))


def fingerprints(sources: dict[str, dict[str, str]], common: dict[str, np.ndarray], jobs: int) -> dict:
    """exercise -> student -> Prints.  Tokenising with Pygments is most of
    the work and independent per file, so it is spread over ``jobs`` processes."""
    tasks = [(student, e, source, common[e]) for e, by_student in sources.items()
             for student, source in by_student.items()]
    if jobs > 1 and len(tasks) > 50:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(_fingerprint_task, tasks, chunksize=16))
    else:
        done = [_fingerprint_task(t) for t in tasks]
    found = {e: {} for e in sources}
    for (student, exercise, _, _), fp in zip(tasks, done):
        found[exercise][student] = fp
    return found


def compare_class(root: Path, exercises, threshold: float = DEFAULT_THRESHOLD, *, jobs: int | None = None,
                  stubs: Path | None = None, echo=None) -> Comparison:
    """Compare every pair of students under ``root``, per exercise of ``exercises``."""
    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # copydetect's warnings
    jobs = jobs or min(2, os.cpu_count() or 1)
    result = Comparison(threshold)
    subs = discover(root, exercises=exercises)
    for sub in subs:
        result.problems += [f"{sub.student}: {p}" for p in sub.problems]
    result.sources = {e: {sub.student: source for sub in subs if (source := exercise_source(sub, e)) is not None}
                      for e in exercises}
    result.boilerplate = {e: boilerplate(e, stubs) for e in exercises}
    for exercise, prints in fingerprints(result.sources, result.boilerplate, jobs).items():
        result.submissions[exercise] = len(prints)
        if not prints:
            continue
        pairs = compare_exercise(exercise, prints, threshold, jobs)
        pairs.sort(key=lambda p: (-p.similarity, p.student_a, p.student_b))
        result.pairs += pairs
        if echo:
            echo(f"{exercise}: {len(prints)} submissions, {len(pairs)} pairs, "
                 f"{sum(p.flagged for p in pairs)} flagged")
    return result


def matches(comparison: Comparison, pair: Pair):
    """The matching passages of a pair: copydetect's slices of each raw file."""
    a = comparison.full_fingerprint(pair.exercise, pair.student_a)
    b = comparison.full_fingerprint(pair.exercise, pair.student_b)
    _, _, (slices_a, slices_b) = compare_files(a, b)
    return a, b, slices_a, slices_b
