"""CSV files that are safe to open in a spreadsheet.

Everything the grader writes to a CSV may carry text a student chose (their
name, id, file names), and spreadsheets run a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV injection).
A spreadsheet may also split a cell again on a delimiter the file does not
use (``carol;-1+1`` opened with ``;`` as the separator is two cells, the
second a formula), so :func:`safe_cell` neutralises such a character at the
start of the cell *and* after every separator a spreadsheet might split on,
by putting an apostrophe before it (shown by no spreadsheet, and read back
as text).  Numbers stay numbers.  :func:`csv_text` quotes every field.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

FORMULA_START = "=+-@\t\r"
SEPARATORS = ",;\t|\r\n"
# a formula character at the start, or after a separator (and any spaces)
# (a lone "-", as Moodle writes for "never", is no formula and stays as it is)
_UNSAFE = re.compile(r"(^|[" + re.escape(SEPARATORS) + r"])( *)(?=[" + re.escape(FORMULA_START) + r"].)", re.S)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value):
    """``value`` as a cell no spreadsheet runs as a formula, whatever delimiter it splits on.

    Numbers (and None, written empty) are returned as they are; any other
    value is text, with control characters other than tab, CR and LF removed.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    text = _CONTROL.sub("", str(value))
    return _UNSAFE.sub(lambda m: f"{m.group(1)}{m.group(2)}'", text)


def csv_text(header, rows, delimiter: str = ",") -> str:
    """A CSV document (CRLF line ends, every field quoted, every cell made safe)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def write_csv(path: Path, header, rows, delimiter: str = ",") -> None:
    """Write :func:`csv_text` to ``path`` atomically, in UTF-8."""
    from grader.reports.writer import atomic_write
    atomic_write(Path(path), csv_text(header, rows, delimiter))
