"""A Gradescope "Export Submissions" archive.

``submission_metadata.yml`` maps each ``submission_<id>/`` folder to its
submitters (name, SID, e-mail; several for a group) and its ``created_at``
time; each folder holds the files as submitted.  The file is written by
Ruby, so its keys look like ``:submitters:`` and some values carry Ruby tags;
it is read with a safe YAML loader that keeps such values as plain data.  A
group's files are collected for each member.  The time becomes the
submission time ``grader grade`` uses.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import PurePosixPath

import yaml

from grader.intake.lms.plan import Found, Identity, Parsed, Skipped

LMS = "gradescope"
METADATA = "submission_metadata.yml"


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads any tag (``!ruby/object:...``) as the plain value under it."""


def _untagged(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_Loader.add_multi_constructor("!", _untagged)
_Loader.add_multi_constructor("tag:", _untagged)


def _plain(value):
    """Keys without Ruby's leading colon, all the way down."""
    if isinstance(value, dict):
        return {str(k).lstrip(":"): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _time(value) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value or "").strip()
    for candidate in (text, text.replace(" ", "T", 1)):
        try:
            dt = datetime.fromisoformat(candidate)
            return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d %H:%M:%S.%f %z", "%Y-%m-%d %H:%M:%S %z"):
        try:
            # Ruby writes nanoseconds: keep microseconds
            head, _, zone = text.rpartition(" ")
            if "." in head:
                head = head[:head.index(".") + 7]
            return datetime.strptime(f"{head} {zone}", fmt)
        except ValueError:
            continue
    return None


def _metadata_path(files: dict[str, bytes]) -> str | None:
    found = sorted((p for p in files if PurePosixPath(p).name == METADATA), key=lambda p: p.count("/"))
    return found[0] if found else None


def score(files: dict[str, bytes]) -> float:
    return 1.0 if _metadata_path(files) else 0.0


def parse(files: dict[str, bytes], **_) -> Parsed:
    parsed = Parsed(LMS)
    meta_path = _metadata_path(files)
    if meta_path is None:
        parsed.skipped = [Skipped(p, f"no {METADATA} in the download") for p in sorted(files)]
        return parsed
    base = meta_path[: -len(METADATA)]
    try:
        meta = _plain(yaml.load(files[meta_path].decode("utf-8", "replace"), Loader=_Loader)) or {}
    except yaml.YAMLError as e:
        raise ValueError(f"{meta_path} is not readable YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{meta_path} does not map submission folders to their submitters")
    for path, data in sorted(files.items()):
        if path == meta_path:
            continue
        rel = path[len(base):] if path.startswith(base) else path
        folder = rel.split("/", 1)[0]
        entry = meta.get(folder) if "/" in rel else None
        if not isinstance(entry, dict) or not entry.get("submitters"):
            parsed.skipped.append(Skipped(path, f"not in a submission folder listed in {METADATA}"))
            continue
        when = _time(entry.get("created_at"))
        for person in entry["submitters"]:
            person = person if isinstance(person, dict) else {}
            sid, email = str(person.get("sid") or "").strip(), str(person.get("email") or "").strip()
            if not (sid or email):
                parsed.skipped.append(Skipped(path, f"a submitter of {folder} has neither SID nor e-mail"))
                continue
            who = Identity(LMS, sid or email, name=str(person.get("name") or ""), email=email)
            attempt = when.astimezone(timezone.utc).isoformat() if when else folder
            parsed.found.append(Found(who, path, rel.split("/", 1)[1], data, attempt=attempt, submitted_at=when))
    return parsed
