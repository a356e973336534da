"""GitHub Classroom: a folder of the students' cloned repositories.

``gh classroom clone student-repos`` (or the Classroom Assistant) gives one
folder per student, ``<assignment prefix>-<github login>/``, laid out like
``grader release``'s output: exercise files at the top, the public tests in
``tests/`` and the workflow in ``.github/``.  The login is found through the
roster's ``github`` column when there is one, else after the prefix the
repositories share (``--prefix`` says it when there is only one repository).
Commit dates are set by the student's machine, so no submission time is read.
"""
from __future__ import annotations

import os
from pathlib import PurePosixPath

from grader.intake.lms.plan import Found, Identity, Parsed, Skipped

LMS = "github-classroom"
RELEASE_FILES = {"tests", ".github", ".grader", "README.md", ".gitignore", "autograde"}


def _repos(files: dict[str, bytes]) -> list[str]:
    return sorted({p.split("/", 1)[0] for p in files if "/" in p})


def score(files: dict[str, bytes]) -> float:
    repos = _repos(files)
    with_tests = {p.split("/", 1)[0] for p in files if p.count("/") >= 2 and p.split("/")[1] == "tests"}
    return len(with_tests) / len(repos) if repos else 0.0


def shared_prefix(repos: list[str]) -> str:
    """The assignment prefix the repositories share, up to and including its last hyphen."""
    if len(repos) < 2:
        return ""
    common = os.path.commonprefix(repos)
    return common[: common.rfind("-") + 1] if "-" in common else ""


def login_of(repo: str, prefix: str, logins: list[str]) -> str:
    """The GitHub login in a repository's name."""
    folded = repo.casefold()
    known = [g for g in logins if g and folded.endswith("-" + g.casefold())]
    if known:
        return max(known, key=len)
    if prefix and repo.startswith(prefix):
        return repo[len(prefix):]
    return repo.split("-", 1)[1] if "-" in repo else repo


def parse(files: dict[str, bytes], prefix: str = "", logins: tuple[str, ...] = (), **_) -> Parsed:
    parsed = Parsed(LMS)
    repos = _repos(files)
    prefix = prefix or shared_prefix(repos)
    for path, data in sorted(files.items()):
        if "/" not in path:
            parsed.skipped.append(Skipped(path, "a file beside the repositories, not in one"))
            continue
        repo, rel = path.split("/", 1)
        if rel.split("/", 1)[0] in RELEASE_FILES:
            continue  # the release's own files (public tests, workflow, wheel): not the student's work
        who = Identity(LMS, login_of(repo, prefix, list(logins)))
        parsed.found.append(Found(who, path, rel if "/" not in rel else PurePosixPath(rel).name, data))
    return parsed
