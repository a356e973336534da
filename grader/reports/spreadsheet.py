"""CSV files that a spreadsheet opens safely, whatever delimiter it picks.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) is run as a formula by Excel, LibreOffice and Google Sheets.  Quoting
is not enough: a spreadsheet that guesses ``;`` as the delimiter splits
``"carol;-1+1"`` into ``carol`` and ``-1+1``, and the second part is a formula.
So every text cell has an apostrophe put before a formula-leading character
at its start *and* after any character a spreadsheet may split on, and every
field is quoted.  Every CSV the grader writes goes through ``write_csv``.
"""
from __future__ import annotations

import csv
import io
import re

# Formula starters (ASCII and their full-width forms, which some spreadsheets
# also accept), after the start of the cell or any possible delimiter.
_RISKY = re.compile(r"(^|[,;\t|\r\n])([ \u00a0]*)([=+\-@\uff1d\uff0b\uff0d\uff20\t\r])")


def safe_cell(value):
    """``value`` as a spreadsheet shows it, never as a formula: numbers stay
    numbers; text gets an apostrophe before each formula-leading character
    at its start or after a separator (``carol;-1+1`` -> ``carol;'-1+1``)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    return _RISKY.sub(lambda m: f"{m[1]}{m[2]}'{m[3]}", value)


def write_csv(rows, lineterminator: str = "\r\n") -> str:
    """The rows as CSV text: every field quoted, every text cell made safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


_NEUTRALISED = re.compile(r"(^|[,;\t|\r\n])([ \u00a0]*)'([=+\-@\uff1d\uff0b\uff0d\uff20\t\r])")


def read_cell(text: str) -> str:
    """A cell of a CSV the grader wrote, as it was before ``safe_cell``
    (for files the grader reads back, e.g. the extensions of a bundle)."""
    return _NEUTRALISED.sub(lambda m: f"{m[1]}{m[2]}{m[3]}", text)
