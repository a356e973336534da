"""Finding and reading submissions: every layout the course accepts, and
every malformed or hostile one graded as far as possible without reading
anything outside the submission and without stopping the batch."""
from __future__ import annotations

import io
import os
import stat
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from grader.course import config
from grader.intake import submissions
from grader.intake.submissions import materialize

EXERCISES = config.load(config.PROJECT_ROOT / "course.toml").exercises


def discover(root: Path, **kw) -> list:
    """The submissions under ``root``, for the project's exercises."""
    return submissions.discover(root, exercises=EXERCISES, **kw)

NEURON = b"def sigmoid(z):\n    return z\n"
SECRET = b"TOPSECRET-do-not-read"


def write(path: Path, data: bytes = NEURON) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def make_zip(path: Path, entries: dict, *, when=(2026, 11, 20, 10, 30, 0)) -> Path:
    """``entries``: name -> bytes, or name -> ZipInfo-ready (bytes, dict of ZipInfo attributes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            attrs = {}
            if isinstance(data, tuple):
                data, attrs = data
            info = zipfile.ZipInfo(name, date_time=attrs.pop("date_time", when))
            info.compress_type = zipfile.ZIP_DEFLATED
            for k, v in attrs.items():
                setattr(info, k, v)
            zf.writestr(info, data)
    return path


def by_student(root: Path, **kw) -> dict:
    return {s.student: s for s in discover(root, **kw)}


# ---------------------------------------------------------------- layouts

def test_every_accepted_layout(tmp_path):
    write(tmp_path / "alice" / "neuron.py")
    write(tmp_path / "bob" / "exercises" / "mlp.py")
    write(tmp_path / "carol" / "my-work" / "neuron.py")
    write(tmp_path / "carol" / "my-work" / "helpers" / "util.py", b"X = 1\n")
    write(tmp_path / "dan" / "wrapped" / "exercises" / "dropout.py")
    make_zip(tmp_path / "erin.zip", {"neuron.py": NEURON})
    make_zip(tmp_path / "fred.zip", {"fred-hw/exercises/perceptron.py": NEURON, "fred-hw/README.md": b"hi"})
    subs = by_student(tmp_path)
    assert {k: sorted(s.files) for k, s in subs.items()} == {
        "alice": ["neuron.py"], "bob": ["mlp.py"], "carol": ["helpers/util.py", "neuron.py"],
        "dan": ["dropout.py"], "erin": ["neuron.py"], "fred": ["perceptron.py"]}
    assert all(s.problems == [] for s in subs.values()), {k: s.problems for k, s in subs.items()}
    assert subs["alice"].sha256 == subs["erin"].sha256  # same content, same hash, folder or zip


def test_a_folder_and_a_zip_of_the_same_student(tmp_path):
    write(tmp_path / "alice" / "neuron.py")
    make_zip(tmp_path / "alice.zip", {"neuron.py": b"different"})
    [sub] = discover(tmp_path)
    assert sub.files["neuron.py"] == NEURON
    assert sub.problems == ["both a folder and alice.zip: graded the folder"]


def test_entries_that_are_not_students_are_ignored(tmp_path):
    write(tmp_path / ".hidden" / "neuron.py")
    write(tmp_path / "notes.txt", b"not a submission")
    write(tmp_path / "outside" / "neuron.py")
    os.symlink(tmp_path / "outside", tmp_path / "linked")
    os.symlink(tmp_path / "x.zip", tmp_path / "linked.zip")
    assert [s.student for s in discover(tmp_path)] == ["outside"]


# ---------------------------------------------------------------- hostile zips

def test_zip_slip_entries_are_skipped_and_never_written(tmp_path):
    root = tmp_path / "subs"
    root.mkdir()
    make_zip(root / "mallory.zip", {
        "neuron.py": NEURON, "../evil.py": b"x", "/abs/evil.py": b"x", "a/../../evil.py": b"x",
        "..\\evil.py": b"x", "C:/evil.py": b"x", "ok/../../../../tmp/evil.py": b"x"})
    [sub] = discover(root)
    assert sorted(sub.files) == ["neuron.py"]
    assert len([p for p in sub.problems if "path leaves the submission" in p]) == 6
    workdir = tmp_path / "work" / "mallory"
    workdir.mkdir(parents=True)
    materialize(sub, workdir)
    assert sorted(p.name for p in tmp_path.rglob("evil.py")) == []
    assert os.listdir(workdir) == ["neuron.py"]


def test_a_symlink_inside_a_zip_is_not_followed(tmp_path):
    secret = write(tmp_path / "secret.txt", SECRET)
    link_attr = (stat.S_IFLNK | 0o777) << 16
    (tmp_path / "subs").mkdir()
    make_zip(tmp_path / "subs" / "mallory.zip", {
        "neuron.py": NEURON, "mlp.py": (str(secret).encode(), {"external_attr": link_attr})})
    [sub] = discover(tmp_path / "subs")
    assert sorted(sub.files) == ["neuron.py"]
    assert sub.problems == ["mlp.py: symbolic link in zip skipped"]
    assert all(SECRET not in data for data in sub.files.values())


def test_a_corrupt_zip_never_stops_the_batch(tmp_path):
    write(tmp_path / "alice" / "neuron.py")
    write(tmp_path / "garbage.zip", os.urandom(2000))
    good = make_zip(tmp_path / "scratch.zip", {"neuron.py": NEURON * 50, "mlp.py": NEURON})
    raw = good.read_bytes()
    write(tmp_path / "truncated.zip", raw[: len(raw) // 2])
    # The deflate stream of neuron.py starts with an invalid block type
    # (zlib.error, which is neither OSError nor BadZipFile); headers intact.
    data_at = 30 + len("neuron.py") + int.from_bytes(raw[28:30], "little")
    write(tmp_path / "damaged.zip", raw[:data_at] + b"\xff" + raw[data_at + 1:])
    good.unlink()
    subs = by_student(tmp_path)
    assert sorted(subs) == ["alice", "damaged", "garbage", "truncated"]
    assert subs["garbage"].problems[0].startswith("garbage.zip is not a readable zip file (BadZipFile")
    assert subs["truncated"].problems[0].startswith("truncated.zip is not a readable zip file")
    assert subs["damaged"].problems == [
        "neuron.py: unreadable (error: Error -3 while decompressing data: invalid block type)"]
    assert sorted(subs["damaged"].files) == ["mlp.py"]  # the rest of the zip is still graded


def mark_encrypted(raw: bytes, name: bytes) -> bytes:
    """Set the "encrypted" flag of entry ``name`` in its local and central
    headers (zipfile cannot write encrypted entries itself)."""
    out = bytearray(raw)
    for sig, flags_at, len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        i = out.find(sig)
        while i >= 0:
            n = int.from_bytes(out[i + len_at:i + len_at + 2], "little")
            if out[i + name_at:i + name_at + n] == name:
                out[i + flags_at] |= 0x1
            i = out.find(sig, i + 4)
    return bytes(out)


def test_an_encrypted_entry_is_skipped_with_a_note(tmp_path):
    raw = make_zip(tmp_path / "scratch.zip", {"neuron.py": NEURON, "mlp.py": NEURON}).read_bytes()
    (tmp_path / "scratch.zip").unlink()
    write(tmp_path / "eve.zip", mark_encrypted(raw, b"neuron.py"))
    [sub] = discover(tmp_path)
    assert sorted(sub.files) == ["mlp.py"]
    assert sub.problems[0].startswith("neuron.py: unreadable (RuntimeError: ")


def test_a_zip_bomb_reads_no_more_than_the_cap(tmp_path):
    big = b"\0" * (3 * 1024 * 1024)
    make_zip(tmp_path / "bomb.zip", {"neuron.py": NEURON, "mlp.py": big})
    # The same zip, lying about the size of mlp.py (says 10 bytes).
    raw = (tmp_path / "bomb.zip").read_bytes()
    lying = raw.replace(len(big).to_bytes(4, "little"), (10).to_bytes(4, "little"))
    write(tmp_path / "liar.zip", lying)
    subs = by_student(tmp_path, file_mb=1)
    assert sorted(subs["bomb"].files) == ["neuron.py"]
    assert subs["bomb"].problems == ["mlp.py: 3.1 MB is over the 1 MB limit, skipped"]
    assert sorted(subs["liar"].files) == ["neuron.py"]
    assert subs["liar"].problems[0].startswith("mlp.py: unreadable (BadZipFile")


# ---------------------------------------------------------------- hostile folders

def test_symlinks_in_a_folder_are_never_read(tmp_path):
    secret = write(tmp_path / "private" / "secret.txt", SECRET)
    student = tmp_path / "subs" / "mallory"
    write(student / "neuron.py")
    os.symlink(secret, student / "mlp.py")
    os.symlink(secret.parent, student / "exercises")
    os.symlink("/etc/passwd", student / "dropout.py")
    [sub] = discover(tmp_path / "subs")
    assert sorted(sub.files) == ["neuron.py"]
    assert sorted(sub.problems) == ["dropout.py: symbolic link skipped", "exercises: symbolic link skipped",
                                    "mlp.py: symbolic link skipped"]
    assert all(SECRET not in data for data in sub.files.values())


def test_a_fifo_does_not_hang_discovery(tmp_path):
    write(tmp_path / "alice" / "neuron.py")
    os.mkfifo(tmp_path / "alice" / "mlp.py")
    [sub] = discover(tmp_path)
    assert sorted(sub.files) == ["neuron.py"] and sub.problems == ["mlp.py: not a regular file, skipped"]


def test_a_file_name_that_is_not_utf8_is_skipped(tmp_path):
    write(tmp_path / "alice" / "neuron.py")
    folder = os.fsencode(tmp_path / "alice")
    with open(os.path.join(folder, b"caf\xe9.py"), "wb") as fh:
        fh.write(b"x = 1\n")
    [sub] = discover(tmp_path)
    assert sorted(sub.files) == ["neuron.py"]
    assert sub.problems == ["caf\ufffd.py: file name is not valid UTF-8, skipped"]
    assert len(sub.sha256) == 64


def test_oversized_files_and_submissions(tmp_path):
    write(tmp_path / "alice" / "neuron.py")
    write(tmp_path / "alice" / "data.bin", b"x" * (3 * 1024 * 1024))
    write(tmp_path / "bob" / "neuron.py", b"# " + b"y" * 600_000)
    write(tmp_path / "bob" / "zzz.bin", b"z" * 600_000)
    subs = by_student(tmp_path, file_mb=2, submission_mb=1)
    assert sorted(subs["alice"].files) == ["neuron.py"]
    assert subs["alice"].problems == ["data.bin: 3.1 MB is over the 2 MB limit, skipped"]
    assert sorted(subs["bob"].files) == ["neuron.py"]
    assert subs["bob"].problems == ["zzz.bin: submission over its total size limit, skipped"]


def test_too_many_files(tmp_path):
    student = tmp_path / "alice"
    write(student / "neuron.py")
    for i in range(submissions.MAX_FILES + 10):
        write(student / "junk" / f"f{i:04d}.txt", b"")
    [sub] = discover(tmp_path)
    assert len(sub.files) == submissions.MAX_FILES and "neuron.py" in sub.files
    assert sub.problems == [f"more than {submissions.MAX_FILES} files: the rest skipped"]


def test_empty_submissions(tmp_path):
    (tmp_path / "alice").mkdir()
    make_zip(tmp_path / "bob.zip", {})
    write(tmp_path / "carol" / "notes.txt", b"nothing here")
    subs = by_student(tmp_path)
    for name in ("alice", "bob", "carol"):
        assert subs[name].problems == [
            "no exercise files found (expected neuron.py or neuron.ipynb, perceptron.py, ... at the top or in exercises/)"]
        assert subs[name].exercise_file("neuron") is None


# ---------------------------------------------------------------- submission time

def test_submission_time_sources_in_order(tmp_path):
    meta = b'{"created_at": "2026-11-21T08:00:00Z"}'
    make_zip(tmp_path / "a.zip", {"neuron.py": NEURON, "timestamp.txt": b"2026-11-22T09:15:00+01:00\n",
                                  "submission_metadata.json": meta})
    make_zip(tmp_path / "b.zip", {"neuron.py": NEURON, "submission_metadata.json": meta})
    make_zip(tmp_path / "c.zip", {"neuron.py": NEURON, "timestamp.txt": b"not a time"},
             when=(2026, 11, 19, 18, 5, 0))
    write(tmp_path / "d" / "neuron.py")
    write(tmp_path / "e" / "neuron.py")
    write(tmp_path / "e" / "submission_metadata.json", b"[" * 100_000 + b"]" * 100_000)
    subs = by_student(tmp_path)
    assert subs["a"].submitted_at == datetime(2026, 11, 22, 8, 15, tzinfo=timezone.utc)
    assert subs["a"].time_source == "timestamp.txt"
    assert subs["b"].submitted_at == datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
    assert subs["b"].time_source == "submission_metadata.json"
    assert subs["c"].submitted_at == datetime(2026, 11, 19, 18, 5, tzinfo=timezone.utc)
    assert subs["c"].time_source == "the zip's newest entry"
    assert (subs["d"].submitted_at, subs["e"].submitted_at) == (None, None)


# ---------------------------------------------------------------- materialize

def test_materialize_is_readable_whatever_the_umask(tmp_path):
    write(tmp_path / "subs" / "alice" / "neuron.py")
    write(tmp_path / "subs" / "alice" / "pkg" / "helper.py", b"X = 1\n")
    [sub] = discover(tmp_path / "subs")
    workdir = tmp_path / "work"
    workdir.mkdir()
    old = os.umask(0o077)
    try:
        materialize(sub, workdir)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(workdir / "neuron.py").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(workdir / "pkg").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(workdir / "pkg" / "helper.py").st_mode) == 0o644


def test_materialize_skips_what_cannot_be_written(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("neuron.py", NEURON)
        zf.writestr("a", b"a file")
        zf.writestr("a/b.py", b"under a file")
    write(tmp_path / "subs" / "mallory.zip", buf.getvalue())
    [sub] = discover(tmp_path / "subs")
    workdir = tmp_path / "work"
    workdir.mkdir()
    materialize(sub, workdir)
    assert sorted(os.listdir(workdir)) == ["a", "neuron.py"]
    assert sub.problems[-1].startswith("a/b.py: could not be written for grading (")


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "x" * 101, "tab\there", "nul\0"])
def test_invalid_student_ids(name):
    assert not submissions.valid_student_id(name)
