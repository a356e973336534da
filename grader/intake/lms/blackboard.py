"""Blackboard Learn "Download assignment" (Grade Centre).

Each attempt's files are named
``<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<original name>``,
with a receipt ``<assignment>_<username>_attempt_<time>.txt`` naming the
student ("Name: Seán O'Brien (sobrien)") and mapping each file back to its
original name.  Every attempt is in the download; the latest wins.  The time
in the name is the server's local time: ``--timezone`` says which zone
(default UTC).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo
from pathlib import PurePosixPath

from grader.intake.lms.plan import Found, Identity, Parsed, Skipped

LMS = "blackboard"
_ATTEMPT = re.compile(r"^(?P<prefix>.+)_attempt_(?P<when>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?P<rest>.*)$")
_NAME_LINE = re.compile(r"^Name:\s*(?P<name>.*?)\s*\((?P<user>[^()]+)\)\s*$", re.M)
_FILE_PAIR = re.compile(r"Original filename:\s*(?P<original>.+?)\s*\n\s*Filename:\s*(?P<stored>.+?)\s*$", re.M)


def score(files: dict[str, bytes]) -> float:
    return sum(bool(_ATTEMPT.match(PurePosixPath(p).name)) for p in files) / max(len(files), 1)


def _receipts(files: dict[str, bytes]) -> dict[tuple[str, str], dict]:
    """(prefix, time) -> {"user", "name", "originals": {stored name: original}} from the receipts."""
    out = {}
    for path, data in files.items():
        m = _ATTEMPT.match(PurePosixPath(path).name)
        if m is None or m["rest"] != ".txt":
            continue
        text = data.decode("utf-8", "replace").replace("\r\n", "\n")
        who = _NAME_LINE.search(text)
        out[(m["prefix"], m["when"])] = {
            "user": who["user"].strip() if who else "", "name": who["name"] if who else "",
            "originals": {p["stored"]: p["original"] for p in _FILE_PAIR.finditer(text)}}
    return out


def parse(files: dict[str, bytes], tz: tzinfo = timezone.utc, **_) -> Parsed:
    parsed = Parsed(LMS)
    receipts = _receipts(files)
    for path, data in sorted(files.items()):
        filename = PurePosixPath(path).name
        m = _ATTEMPT.match(filename)
        if m is None:
            parsed.skipped.append(Skipped(path, "not named the way Blackboard names attempts "
                                                "(<assignment>_<username>_attempt_<time>_<file>)"))
            continue
        receipt = receipts.get((m["prefix"], m["when"]), {})
        if m["rest"] == ".txt":
            continue  # the receipt itself: read above
        if not m["rest"].startswith("_"):
            parsed.skipped.append(Skipped(path, "a Blackboard attempt file without an original name"))
            continue
        user = receipt.get("user") or m["prefix"].rsplit("_", 1)[-1]
        original = receipt.get("originals", {}).get(filename) or m["rest"][1:]
        try:
            when = datetime.strptime(m["when"], "%Y-%m-%d-%H-%M-%S").replace(tzinfo=tz)
        except ValueError:
            parsed.skipped.append(Skipped(path, f"attempt time {m['when']} is not a date"))
            continue
        who = Identity(LMS, user, name=receipt.get("name", ""))
        parsed.found.append(Found(who, path, original, data, attempt=when.isoformat(), submitted_at=when))
    return parsed
