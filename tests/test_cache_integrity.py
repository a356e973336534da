"""The on-disk caches (drawn examples, reference answers) are verified
before use: a changed file is ignored and redrawn or recomputed, so the
verdicts stay those of a clean cache.  Real `grader grade` runs, a real
cache folder, files changed the way a process that could write them would."""
import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.testing import cache

ROOT = Path(__file__).resolve().parents[1]


def grade(cache_dir: Path, out: Path) -> dict:
    subs = cache_dir.parent / "submissions"
    for student in ("ada", "ben"):  # a perfect and a buggy student
        if not (subs / student).exists():
            shutil.copytree(ROOT / "examples" / "submissions" / student, subs / student)
    cmd = [sys.executable, "-m", "grader.cli", "grade", str(subs),
           "--out", str(out), "--jobs", "1", "--quiet", "--only", "neuron", "--force"]
    env = {"PATH": "/usr/bin:/bin", "GRADER_CACHE": str(cache_dir), "HOME": str(cache_dir.parent)}
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr
    return {p.parent.name: [(t["name"], t["status"], t["feedback"])
                            for ex in json.loads(p.read_text())["exercises"] for t in ex["tests"]]
            for p in out.glob("*/result.json")}


def rewrite(path: Path, change) -> None:
    """Replace a cache file by a valid one holding changed values (its hash
    in the index is left as it was)."""
    value = cache._unpack_value(path.read_bytes())
    path.write_bytes(cache._pack(change(value)))


def scramble(value):
    if isinstance(value, np.ndarray):
        return value * 2 + 1 if value.dtype.kind in "iuf" else value
    if isinstance(value, float):
        return value * 2 + 1
    if isinstance(value, list):
        return [scramble(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scramble(v) for v in value)
    if isinstance(value, dict):
        return {k: scramble(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache-integrity")
    folder = root / "cache"
    clean = grade(folder, root / "out1")
    return root, folder, clean


def test_cache_folder_is_private_and_every_file_has_a_hash(graded):
    _, folder, _ = graded
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list((folder / "examples").glob("*.bin")) + list((folder / "reference").glob("*.bin"))
    assert len(files) > 15 and any(f.parent.name == "reference" for f in files)
    assert all(cache.read_verified(f) is not None for f in files)


def test_tampered_examples_and_answers_are_redrawn_and_verdicts_stay(graded):
    root, folder, clean = graded
    assert {s for s, tests in clean.items() if all(t[1] == "passed" for t in tests)} == {"ada"}
    examples = sorted((folder / "examples").glob("*.bin"))
    answers = sorted((folder / "reference").glob("*.bin"))
    originals = {f: f.read_bytes() for f in examples + answers}
    for f in examples + answers:
        rewrite(f, scramble)
        assert f.read_bytes() != originals[f] and cache.read_verified(f) is None
    # a file planted with no recorded hash is not trusted either
    planted = folder / "reference" / "0000.bin"
    planted.write_bytes(originals[answers[0]])
    assert cache.read_verified(planted) is None

    assert grade(folder, root / "out2") == clean
    # redrawn and recomputed: the files are the clean ones again, verified
    for f in examples + answers:
        assert cache.read_verified(f) is not None
    assert all(f.read_bytes() == originals[f] for f in examples)
