"""similarity.csv (every pair) and similarity.html (the flagged pairs side by
side, matching passages highlighted).  Student code is untrusted text: it is
HTML-escaped by copydetect's highlighter (``escape_html=True``) around our
own ``<mark>`` tags, and the page runs no script."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from copydetect.utils import highlight_overlap
from markupsafe import Markup, escape

from grader.reports.writer import ENV, SIMILARITY_REPORT, atomic_write, clean, csv_safe
from grader.similarity.compare import NOISE, Comparison, Pair, matches

CSV_NAME = "similarity.csv"
MAX_SHOWN = 50  # flagged pairs per exercise shown side by side; the CSV has them all
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def similarity_csv(comparison: Comparison) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["exercise", "student_a", "student_b", "similarity", "flagged"])
    for p in comparison.pairs:
        w.writerow([p.exercise, csv_safe(clean(p.student_a)), csv_safe(clean(p.student_b)),
                    f"{p.similarity:.3f}", "yes" if p.flagged else "no"])
    return buf.getvalue()


def printable(code: str) -> str:
    """``code`` with every control character but newline and tab replaced,
    one character for one, so copydetect's slices still point at the same text."""
    return "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in code)


def highlighted(fingerprint, slices) -> Markup:
    """The raw file, escaped, with the passages it shares marked."""
    code = printable(fingerprint.raw_code)
    if slices.size == 0:
        return escape(code)
    text, _ = highlight_overlap(code, slices.astype(int), "\0MARK\0", "\0/MARK\0", escape_html=True)
    return Markup(text.replace("\0MARK\0", "<mark>").replace("\0/MARK\0", "</mark>"))


def shown_pair(comparison: Comparison, pair: Pair) -> dict:
    a, b, slices_a, slices_b = matches(comparison, pair)
    return {"pair": pair, "code_a": highlighted(a, slices_a), "code_b": highlighted(b, slices_b)}


def similarity_html(comparison: Comparison) -> str:
    by_exercise = defaultdict(list)
    for p in comparison.pairs:
        by_exercise[p.exercise].append(p)
    sections = []
    for exercise, pairs in by_exercise.items():
        flagged = [p for p in pairs if p.flagged]  # already sorted, most similar first
        sections.append({"exercise": exercise, "students": comparison.submissions.get(exercise, 0),
                         "pairs": len(pairs), "flagged": len(flagged),
                         "top": pairs[:5] if not flagged else [],
                         "shown": [shown_pair(comparison, p) for p in flagged[:MAX_SHOWN]],
                         "more": max(len(flagged) - MAX_SHOWN, 0)})
    return ENV.get_template("similarity.html.j2").render(
        csp=CSP, sections=sections, threshold=comparison.threshold, noise=NOISE,
        problems=clean(comparison.problems),
        generated=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def write(comparison: Comparison, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / CSV_NAME, similarity_csv(comparison))
    atomic_write(out / SIMILARITY_REPORT, similarity_html(comparison))
    return out / CSV_NAME, out / SIMILARITY_REPORT
