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

from grader.course.config import EXERCISES, PROJECT_ROOT
from grader.intake.submissions import Submission, discover

NOISE = 25               # k: shorter matches are noise (copydetect's default noise threshold)
WINDOW = 1               # winnowing window: every k-gram kept (guarantee threshold = noise threshold)
DEFAULT_THRESHOLD = 0.6  # measured: independent correct solutions <= 0.33, disguised copies >= 0.8
MIN_CODE = 60            # fingerprinted characters of its own a file needs before its pairs can be flagged
CHUNK = 2000             # pairs per task sent to a worker


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
class Comparison:
    threshold: float
    pairs: list[Pair] = field(default_factory=list)
    fingerprints: dict[str, dict[str, CodeFingerprint]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def flagged(self) -> list[Pair]:
        return [p for p in self.pairs if p.flagged]


# ---------------------------------------------------------------- inputs

def exercise_source(sub: Submission, exercise: str) -> str | None:
    """The code of one exercise of one submission, as the grader sees it."""
    name = sub.exercise_file(exercise)
    if name is None:
        return None
    data = sub.files[name]
    # NOTEBOOK EXTRACTION PLUGS IN HERE: when ``name`` is a notebook
    # (``.ipynb``), return the code the grader extracts from it
    # (grader/intake/notebooks.py) instead of the raw JSON, so notebooks are
    # compared exactly as they are graded.
    return data.decode("utf-8", "replace")


def boilerplate(exercise: str, folder: Path | None = None) -> np.ndarray:
    """Fingerprints of what every student received for ``exercise``: the
    stub and its public tests.  Matches on these are not evidence."""
    folder = folder or PROJECT_ROOT / "exercises"
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

_FINGERPRINTS: list[CodeFingerprint] = []  # the exercise being compared, shared with forked workers


def _compare_chunk(pairs: list[tuple[int, int]]) -> list[tuple[int, int, float, float]]:
    out = []
    for i, j in pairs:
        a, b = _FINGERPRINTS[i], _FINGERPRINTS[j]
        if a.hashes.isdisjoint(b.hashes):
            out.append((i, j, 0.0, 0.0))
            continue
        _, (share_a, share_b), _ = compare_files(a, b)
        out.append((i, j, float(share_a), float(share_b)))
    return out


def _all_pairs(n: int):
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def compare_exercise(exercise: str, prints: dict[str, CodeFingerprint], threshold: float,
                     jobs: int = 1) -> list[Pair]:
    """Every pair of ``prints`` (student -> fingerprint) of one exercise."""
    global _FINGERPRINTS
    students = sorted(prints)
    _FINGERPRINTS = [prints[s] for s in students]
    pairs = _all_pairs(len(students))
    chunks = [pairs[k:k + CHUNK] for k in range(0, len(pairs), CHUNK)]
    if jobs > 1 and len(chunks) > 1:
        # fork: the workers inherit the fingerprints instead of unpickling them per task
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = [r for chunk in pool.map(_compare_chunk, chunks) for r in chunk]
    else:
        results = [r for chunk in chunks for r in _compare_chunk(chunk)]
    own = [fp.token_coverage >= MIN_CODE for fp in _FINGERPRINTS]
    return [Pair(exercise, students[i], students[j], round(max(sa, sb), 4), round(sa, 4), round(sb, 4),
                 max(sa, sb) >= threshold and own[i] and own[j])
            for i, j, sa, sb in results]


def compare_class(root: Path, threshold: float = DEFAULT_THRESHOLD, *, jobs: int | None = None,
                  exercises=EXERCISES, stubs: Path | None = None, echo=None) -> Comparison:
    """Compare every pair of students under ``root``, per exercise."""
    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # copydetect's warnings
    jobs = jobs or min(2, os.cpu_count() or 1)
    result = Comparison(threshold)
    subs = discover(root)
    for sub in subs:
        result.problems += [f"{sub.student}: {p}" for p in sub.problems]
    for exercise in exercises:
        common = boilerplate(exercise, stubs)
        prints = {}
        for sub in subs:
            source = exercise_source(sub, exercise)
            if source is not None:
                prints[sub.student] = fingerprint(sub.student, exercise, source, common)
        result.fingerprints[exercise] = prints
        pairs = compare_exercise(exercise, prints, threshold, jobs)
        pairs.sort(key=lambda p: (-p.similarity, p.student_a, p.student_b))
        result.pairs += pairs
        if echo:
            echo(f"{exercise}: {len(prints)} submissions, {len(pairs)} pairs, "
                 f"{sum(p.flagged for p in pairs)} flagged")
    return result


def matches(comparison: Comparison, pair: Pair):
    """The matching passages of a pair: copydetect's slices of each raw file."""
    a = comparison.fingerprints[pair.exercise][pair.student_a]
    b = comparison.fingerprints[pair.exercise][pair.student_b]
    _, _, (slices_a, slices_b) = compare_files(a, b)
    return a, b, slices_a, slices_b
