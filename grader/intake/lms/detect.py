"""``--from auto``: which LMS a download came from, by how many of its files
are named the way each LMS names them."""
from __future__ import annotations

MIN_SHARE = 0.3


def detect(files: dict[str, bytes], sources: dict) -> str | None:
    """The LMS whose naming explains the largest share of the files (Gradescope's
    metadata file settles it), or None when none explains enough."""
    scores = {name: module.score(files) for name, module in sources.items()}
    if scores.get("gradescope"):
        return "gradescope"
    best = max(scores, key=scores.get)
    return best if scores[best] >= MIN_SHARE else None
