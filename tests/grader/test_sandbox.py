"""The hostile corpus (tests/grader/hostile/): each attack, the verdict it
must get, and a check that it was contained.

Most tests run twice (``sandbox_mode``): with bubblewrap and with the
fallback (GRADER_NO_BWRAP=1).  What each layer promises, and so what is
asserted where:

* every mode: the time limit, one-line reasons for crashes and exits, a
  fresh child after a failure, a scrubbed environment, capped output, a
  data-only wire, and comparisons made in the parent;
* a separate uid (the grader runs as root, with or without bubblewrap):
  leftover processes and fork bombs are killed by uid, the grader's files
  cannot be written, the grader cannot be signalled, other processes'
  environments cannot be read;
* a private network namespace (bubblewrap, or the fallback as root): no
  network;
* bubblewrap only: the child sees no file of the project, of the grader or
  of other students, and what it writes outside its folder never reaches
  the host.  The fallback does NOT hide files: its child can read the
  project (reference/, hidden tests) and write to the host's /tmp; those
  assertions are made under bubblewrap only.
"""
from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
from sandbox_helpers import (CALL_SECONDS, fast_limits, processes_of_uid,
                             processes_with, wait_until)

import grader
from grader.sandbox import isolation
from grader.sandbox.wire import Handle
from grader.testing.helpers import expect_close
from grader.testing.suite import Suite, run_suite

PROJECT = Path(grader.__file__).resolve().parents[1]
# How long a killed call may take beyond its limit.  Generous on purpose:
# these bounds prove "killed, not hung", not speed (the machines are shared).
SLACK = 20.0


def marker_path() -> str:
    """A host path that must never come to exist."""
    return f"/tmp/grader-test-pwned-{uuid.uuid4().hex}"


def needs_uid(iso):
    if not iso.drop_uid:
        pytest.skip("the child has no uid of its own here (not root): leftover "
                    "processes and fork bombs are not contained by uid")


# ---------------------------------------------------------------- time

def test_infinite_loop_is_killed_and_the_next_call_gets_a_fresh_child(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "infinite_loop")
    assert box.outcome("infinite_loop", "answer") == ("ok", 42)
    started = time.monotonic()
    assert box.outcome("infinite_loop", "spin") == ("timeout", "killed after 1.5 s (time limit)")
    assert time.monotonic() - started < CALL_SECONDS + SLACK
    assert not box.process.alive()
    assert box.outcome("infinite_loop", "answer") == ("ok", 42)
    assert box.process.starts == 2


def test_ignored_sigterm_and_sigint_do_not_outlive_the_time_limit(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "ignore_signals")
    started = time.monotonic()
    assert box.outcome("ignore_signals", "spin")[0] == "timeout"
    assert time.monotonic() - started < CALL_SECONDS + SLACK
    if sandbox_mode.drop_uid:
        assert wait_until(lambda: processes_of_uid(box.process.uid)) == []


def test_cpu_limit_over_the_childs_life(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "infinite_loop", limits=fast_limits(cpu_seconds=1, call_seconds=5))
    started = time.monotonic()
    assert box.outcome("infinite_loop", "spin") == ("failure", "killed: used more than 1 s of CPU")
    assert time.monotonic() - started < 1 + SLACK + 1  # the start counts too
    assert box.outcome("infinite_loop", "answer") == ("ok", 42)


# ---------------------------------------------------------------- memory, processes

def test_memory_bomb_fails_alone(sandbox_mode, make_sandbox):
    # Filling the address space takes time here: a longer call, a smaller limit.
    box = make_sandbox(sandbox_mode, "memory_bomb", limits=fast_limits(memory_mb=640, call_seconds=5))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kind, message = box.outcome("memory_bomb", "grow")
    assert (kind, message.split(" ")[0]) == ("error", "MemoryError") or \
        (kind == "failure" and message.startswith("killed")), (kind, message)
    kind, message = box.outcome("memory_bomb", "huge_array")
    assert kind == "error" and message.startswith("MemoryError: Unable to allocate"), message
    assert box.outcome("memory_bomb", "answer") == ("ok", 42)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mb < 200, "the grader itself grew"


def test_fork_bomb_is_limited_and_killed(sandbox_mode, make_sandbox):
    needs_uid(sandbox_mode)
    box = make_sandbox(sandbox_mode, "fork_bomb", limits=fast_limits(processes=24))
    box.student.import_module("fork_bomb")
    uid = box.process.uid
    most, done = [0], threading.Event()

    def count():
        while not done.is_set():
            most[0] = max(most[0], len(processes_of_uid(uid)))

    counter = threading.Thread(target=count)
    counter.start()
    started = time.monotonic()
    try:
        assert box.outcome("fork_bomb", "bomb")[0] == "timeout"
    finally:
        done.set()
        counter.join()
    assert time.monotonic() - started < CALL_SECONDS + SLACK + 1
    assert 1 < most[0] <= 24, most[0]
    assert wait_until(lambda: processes_of_uid(uid)) == []


def test_processes_left_running_are_gone_after_close(sandbox_mode, make_sandbox):
    if not (sandbox_mode.bwrap or sandbox_mode.drop_uid):
        pytest.skip("without bubblewrap or a uid, a process in its own session escapes the kill")
    box = make_sandbox(sandbox_mode, "leftover")
    marker = f"{random.randrange(5000, 9000)}.{random.randrange(10**6)}"
    assert box.outcome("leftover", "daemon", marker) == ("ok", "left behind")
    assert not wait_until(lambda: len(processes_with(marker)) < 2, 2.0), "the daemons did not start"
    uid = box.process.uid
    box.process.close()
    assert wait_until(lambda: processes_with(marker)) == []
    if uid is not None:
        assert wait_until(lambda: processes_of_uid(uid)) == []


def test_two_children_never_share_a_uid(sandbox_mode, make_sandbox):
    needs_uid(sandbox_mode)
    first = make_sandbox(sandbox_mode, "infinite_loop")
    second = make_sandbox(sandbox_mode, "infinite_loop")
    assert first.outcome("infinite_loop", "answer") == ("ok", 42)
    assert second.outcome("infinite_loop", "answer") == ("ok", 42)
    assert first.process.uid != second.process.uid
    first.process.close()  # kills its uid: the other child must survive it
    assert second.process.alive()
    assert second.outcome("infinite_loop", "answer") == ("ok", 42)
    assert second.process.starts == 1


def test_without_a_uid_the_process_limit_counts_the_graders_threads():
    """RLIMIT_NPROC counts every thread of the user: a child sharing the
    grader's uid gets ``processes`` more than that user already runs."""
    me = os.getuid()
    assert isolation.uid_threads(me) >= len(isolation.uid_processes(me)) >= 1


# ---------------------------------------------------------------- exits and crashes

def test_exits_at_import_and_in_functions(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "exit_at_import", "os_exit_at_import", "exits")
    assert box.outcome("exit_at_import", None) == ("error", "called sys.exit(0)")
    assert box.outcome("os_exit_at_import", None) == (
        "failure", "the process exited with code 5 instead of answering")
    assert box.outcome("exits", "leave") == ("error", "called sys.exit('bye')")
    assert box.outcome("exits", "vanish") == (
        "failure", "the process exited with code 3 instead of answering")
    assert box.outcome("exits", "answer") == ("ok", 42)


def test_exit_at_import_fails_every_test_of_the_suite_with_one_reason(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "os_exit_at_import")
    suite = Suite("os_exit_at_import")
    suite.test("first: anything")(lambda s, ref: None)
    suite.test("second: anything")(lambda s, ref: None)
    results = run_suite(suite, box.student, reference=None)
    assert [(r.status, r.feedback) for r in results] == [
        ("error", "importing os_exit_at_import.py: the process exited with code 5 instead of answering")] * 2


def test_segfault(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "segfault")
    assert box.outcome("segfault", "crash") == ("failure", "crashed with a segmentation fault")
    assert box.outcome("segfault", "answer") == ("ok", 42)


def test_unbounded_recursion(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "recursion")
    kind, message = box.outcome("recursion", "forever")
    assert kind == "error"
    assert message.startswith("RecursionError: maximum recursion depth exceeded")
    assert re.search(r"\(recursion.py line [78]\)$", message), message
    kind, message = box.outcome("recursion", "overflow")
    assert (kind, message) == ("failure", "crashed with a segmentation fault") or \
        (kind, message.split(":")[0]) == ("error", "RecursionError"), (kind, message)


def test_non_utf8_and_null_byte_sources_get_a_syntax_error(every_mode, make_sandbox):
    box = make_sandbox(every_mode, files={"latin1.py": b'name = "caf\xe9"\n',
                                            "nulls.py": b"x = 1\x00\n"})
    kind, message = box.outcome("latin1", None)
    assert kind == "error"
    assert message.startswith("SyntaxError in latin1.py line 1: the file is not UTF-8 text (")
    assert message.endswith("save it as UTF-8")
    assert box.outcome("nulls", None) == (
        "error", "SyntaxError in nulls.py: source code string cannot contain null bytes; "
                 "the file is not a plain text Python file")


def test_exceptions_that_break_str_still_give_one_line(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "evil_exception")
    assert box.outcome("evil_exception", "nasty") == ("error", "Nasty (evil_exception.py line 17)")
    kind, message = box.outcome("evil_exception", "multiline")
    assert (kind, message) == ("error", "Multiline: first line (evil_exception.py line 21)")
    assert box.process.starts == 1


def test_student_who_throws_away_stdout_is_still_served(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "broken_stdout")
    assert box.outcome("broken_stdout", "answer") == ("ok", 42)
    assert box.outcome("broken_stdout", "answer") == ("ok", 42)
    assert box.process.starts == 1


def test_kill_the_parent(sandbox_mode, make_sandbox):
    needs_uid(sandbox_mode)
    box = make_sandbox(sandbox_mode, "kill_parent")
    assert box.outcome("kill_parent", "kill_parent") == ("ok", "PermissionError")


# ---------------------------------------------------------------- the parent compares

def test_patching_numpy_in_the_child_does_not_change_the_verdict(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "patch_numpy")
    suite = Suite("patch_numpy")

    @suite.test("sigmoid: values", visibility="visible")
    def _(s, ref):
        z = np.array([0.0, 1.0, -2.0])
        expect_close(s.sigmoid(z), 1 / (1 + np.exp(-z)))

    [result] = run_suite(suite, box.student, reference=None)
    assert result.status == "failed"
    assert result.feedback.startswith("result is wrong")
    assert not np.allclose(1.0, 2.0)


# ---------------------------------------------------------------- values

def test_objects_that_would_unpickle_to_code_come_back_as_handles(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "evil_return")
    marker = marker_path()
    evil = box.call("evil_return", "evil", marker)
    assert isinstance(evil, Handle) and evil.type == "Evil"
    assert box.student.attr(evil, "marker") == marker  # still usable, in the child
    sub = box.call("evil_return", "subclass")
    assert isinstance(sub, Handle) and sub.type == "Sub"
    assert isinstance(box.call("evil_return", "object_array", marker), Handle)
    assert not os.path.exists(marker)


def test_a_forged_pickle_reply_is_refused(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "evil_return")
    marker = marker_path()
    assert box.outcome("evil_return", "forged_pickle", marker) == (
        "failure", "the process sent invalid data (bad array buffer: not an array)")
    assert not os.path.exists(marker)
    assert not box.process.alive()


def test_replies_the_wire_refuses(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "huge_reply")
    for func in ("nested", "self_reference"):
        assert box.outcome("huge_reply", func) == (
            "error", "returned a value the grader cannot receive (value nested too deeply)")
    assert box.outcome("huge_reply", "big_header") == (
        "failure", "the process sent invalid data (reply header too large)")


# ---------------------------------------------------------------- the protocol pipe

def test_tampering_with_the_reply_pipe(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "pipe_tamper")
    kind, message = box.outcome("pipe_tamper", "close_pipe")
    assert kind == "failure"
    assert message.startswith("the process exited with code 70 instead of answering (last output: "
                              "the connection to the grader was closed or replaced")
    started = time.monotonic()
    assert box.outcome("pipe_tamper", "close_and_hang") == (
        "failure", "the process closed its connection to the grader")
    assert time.monotonic() - started < 1 + SLACK  # no long wait for a child that lives on
    assert box.outcome("pipe_tamper", "huge_length") == (
        "failure", "the process sent invalid data (reply header too large)")
    kind, message = box.outcome("pipe_tamper", "not_json")
    assert kind == "failure" and message.startswith("the process sent invalid data (header is not JSON")
    assert box.outcome("pipe_tamper", "truncated") == (
        "failure", "the process exited (exit code 0) instead of answering")
    assert box.outcome("pipe_tamper", "nested_json") == (
        "failure", "the process sent invalid data (header is nested too deeply)")
    kind, message = box.outcome("pipe_tamper", "forged_error")
    assert kind == "error" and message.startswith("line one line two [2Jyyy")
    assert message.isprintable() and len(message) == 500


def test_a_child_that_stops_reading_cannot_block_the_grader(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "deaf")
    box.student.import_module("deaf")  # answered by a forged reply
    started = time.monotonic()
    kind, message = box.outcome("deaf", "anything", np.zeros(1 << 20))  # 8 MB: far over a pipe buffer
    assert (kind, message) == ("timeout", "killed after 1.5 s (time limit)")
    assert time.monotonic() - started < CALL_SECONDS + SLACK


# ---------------------------------------------------------------- output

def test_output_flood_is_capped(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "flood", limits=fast_limits(output_kb=4))
    started = time.monotonic()
    assert box.outcome("flood", "flood", 8) == ("ok", 1)
    assert time.monotonic() - started < CALL_SECONDS
    out = box.process.take_output()
    assert out.startswith("spam spam")
    assert len(out) < 4096 + 100 and "more bytes of output dropped]" in out
    assert box.process.take_output() == ""
    assert box.outcome("flood", "endless")[0] == "timeout"
    assert len(box.process.take_output()) < 4096 + 100


# ---------------------------------------------------------------- environment

def test_the_environment_is_scrubbed(every_mode, make_sandbox, monkeypatch):
    secret = f"s3cr3t-{uuid.uuid4().hex}"
    monkeypatch.setenv("GRADER_TEST_SECRET", secret)
    box = make_sandbox(every_mode, "environ")
    env = box.call("environ", "env")
    assert "GRADER_TEST_SECRET" not in env and secret not in repr(env)
    assert set(env) <= set(isolation.child_env()) | {"PWD"}
    if every_mode.bwrap or every_mode.drop_uid:
        # Not promised by the fallback without a uid: the child is the
        # grader's user and may read /proc/<grader>/environ.
        assert box.call("environ", "find_everywhere", secret) == []


# ---------------------------------------------------------------- network

def test_no_network_to_a_loopback_listener(sandbox_mode, make_sandbox):
    if not sandbox_mode.private_net:
        pytest.skip("no private network namespace here (the fallback without root): not promised")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    try:
        box = make_sandbox(sandbox_mode, "network")
        result = box.call("network", "connect", listener.getsockname()[1])
        assert result in ("ConnectionRefusedError", "OSError"), result
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


# ---------------------------------------------------------------- files

def test_the_child_sees_no_project_grader_or_other_student_files(bwrap_iso, make_sandbox):
    other = make_sandbox(bwrap_iso, files={"neuron.py": b"SECRET = 'other student'\n"})
    box = make_sandbox(bwrap_iso, "snoop")
    for name in ("reference", "reference.hidden", "solutions", "grader", "grader.sandbox.process"):
        assert box.call("snoop", "try_import", name) == "ModuleNotFoundError", name
    for path in (PROJECT / "reference" / "hidden" / "__init__.py", PROJECT / "solutions" / "neuron.py",
                 PROJECT / "course.toml", Path(other.workdir) / "neuron.py", Path(box.workdir) / "snoop.py"):
        assert box.call("snoop", "try_read", str(path)) == "FileNotFoundError", path
    python = sorted({sys.base_prefix, sys.prefix,
                     os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))})
    seen = box.call("snoop", "walk", python)
    project = [p for p in seen if p.startswith(f"{PROJECT}/") and p != f"{PROJECT}/"
               and not p.startswith(f"{PROJECT}/.venv")]
    assert project == [], "project files visible to the student"
    assert sorted(p for p in seen if p.startswith("/grader-runtime/") and not p.endswith("/")) == [
        "/grader-runtime/child_main.py", "/grader-runtime/fnlib.py", "/grader-runtime/wire.py"]
    assert sorted(p for p in seen if p.startswith("/submission/") and not p.endswith("/")) == [
        "/submission/snoop.py"]
    assert not [p for p in seen if p.startswith(("/tmp/grader-test-", "/work/shared", "/home"))]


def test_fallback_says_that_it_does_not_hide_files(isolations):
    """Without bubblewrap the child can read the project: the grader says so
    when it starts, instead of pretending otherwise."""
    text = isolations["fallback"].describe()
    assert "bubblewrap unavailable" in text
    assert "student code can read" in text and "the project files" in text


def test_writes_outside_its_folder_do_not_reach_the_host(sandbox_mode, make_sandbox):
    if not (sandbox_mode.bwrap or sandbox_mode.drop_uid):
        pytest.skip("the fallback without a uid writes with the grader's rights: not promised")
    out_dir = tempfile.mkdtemp(prefix="grader-test-out-")
    os.chmod(out_dir, 0o755)
    project_file = Path(out_dir, "reference.py")
    project_file.write_text("ANSWER = 42\n")
    os.chmod(project_file, 0o644)
    host_tmp = f"/tmp/grader-test-escape-{uuid.uuid4().hex}"
    try:
        box = make_sandbox(sandbox_mode, "escape_write")
        assert box.call("escape_write", "write", f"{out_dir}/result.json") != "written"
        assert box.call("escape_write", "write", str(project_file)) != "written"
        assert os.listdir(out_dir) == ["reference.py"] and project_file.read_text() == "ANSWER = 42\n"
        assert box.call("escape_write", "write", "mine.txt") == "written"  # its own folder works
        box.call("escape_write", "write", host_tmp)
        if sandbox_mode.bwrap:
            assert not os.path.exists(host_tmp)  # the fallback's child can write the host's /tmp
            assert sorted(os.listdir(box.workdir)) == ["escape_write.py"]  # scratch, not the host's disk
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        if os.path.exists(host_tmp):
            os.remove(host_tmp)


def test_scratch_space_is_small(bwrap_iso, make_sandbox):
    if not isolation.supports(bwrap_iso.bwrap, "--size"):
        pytest.skip("this bubblewrap cannot size a tmpfs")
    box = make_sandbox(bwrap_iso, "escape_write", limits=fast_limits(files_kb=256, file_size_mb=16))
    for path in ("/tmp/fill", "fill"):
        kind, message = box.outcome("escape_write", "fill", path, 512)
        assert kind == "error" and message.startswith("OSError: [Errno 28] No space left on device"), message


def test_file_size_limit(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "escape_write", limits=fast_limits(file_size_mb=1, files_kb=4096))
    kind, message = box.outcome("escape_write", "fill", "big.bin", 2048)
    assert kind == "error" and message.startswith("OSError: [Errno 27] File too large"), message


def test_replacing_its_folder_by_a_link_gains_nothing(sandbox_mode, make_sandbox):
    needs_uid(sandbox_mode)
    precious = tempfile.mkdtemp(prefix="grader-test-precious-")
    box = make_sandbox(sandbox_mode, "swap_workdir")
    try:
        swapped = box.call("swap_workdir", "swap", precious)
        box.process.close()  # the next call starts a fresh child, after chown-ing its folder
        kind, message = box.outcome("swap_workdir", "answer")
        if swapped == "swapped":  # possible in the fallback: its folder is in the host's /tmp
            # refused either way: the link is found, or the clean-up of what the
            # slot's uid left in /tmp already removed it
            assert kind == "failure" and message in ("the submission's working folder was replaced",
                                                     "the submission's working folder is gone")
        else:
            assert (kind, message) == ("ok", 42)
        assert os.stat(precious).st_uid == os.geteuid(), "the grader handed a directory to the student"
    finally:
        if os.path.islink(box.workdir):
            os.remove(box.workdir)
            shutil.rmtree(box.workdir + "-moved", ignore_errors=True)
        shutil.rmtree(precious, ignore_errors=True)


def test_plain_calls_through_student_and_handles(sandbox_mode, make_sandbox):
    """The honest path, for contrast: data crosses both ways, handles work,
    in-place changes are reported."""
    source = b"""
import numpy as np

class Model:
    def __init__(self, w):
        self.w = np.asarray(w, float)
    def predict(self, x):
        return x @ self.w

def make(w):
    return Model(w)

def scalars(x):
    return np.sum(x), np.float32(0.5), np.int64(3), np.array(2.0), float(np.mean(x))

def scale_in_place(x, k=2.0):
    x *= k
    return None
"""
    box = make_sandbox(sandbox_mode, files={"honest.py": source})
    model = box.call("honest", "make", [1.0, 2.0])
    assert isinstance(model, Handle) and model.type == "Model"
    assert np.array_equal(box.student.method(model, "predict", np.array([[1.0, 1.0]])), [3.0])
    total, half, three, zero_d, mean = box.call("honest", "scalars", np.arange(4.0))
    assert (type(total), total, type(half)) == (np.float64, 6.0, np.float32)
    assert (type(three), type(mean)) == (np.int64, float)
    assert type(zero_d) is np.ndarray and zero_d.shape == () and zero_d == 2.0
    module = box.student.module("honest")
    assert module.scale_in_place(np.ones(3)) is None and module.last_mutated == [0]


GRADER_THAT_DIES = """
import json, os, signal, sys, time
from grader.sandbox import isolation, wire
from grader.sandbox.client import Student
from grader.sandbox.isolation import Isolation, Limits
from grader.sandbox.process import StudentProcess
iso = Isolation(**json.loads(sys.argv[3]))
proc = StudentProcess(sys.argv[1], iso, Limits(call_seconds=5), slot=int(sys.argv[2]))
Student(proc, 5).call("infinite_loop", "answer")
# The child spins (an idle child would simply see its request pipe close).
os.write(proc.req_w, wire.pack({"op": "call", "module": "infinite_loop", "func": "spin"}, []))
time.sleep(0.3)
print(proc.uid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close(): killed by the OOM killer, say
"""


def test_a_grader_killed_without_close_takes_its_child_along(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "infinite_loop")  # only for its folder
    iso = json.dumps(dataclasses.asdict(every_mode))
    run = subprocess.run([sys.executable, "-c", GRADER_THAT_DIES, box.workdir, "301", iso],
                         capture_output=True, text=True, timeout=60, cwd=PROJECT)
    assert run.returncode == -9, run.stderr
    assert wait_until(lambda: processes_with(box.workdir), 2.0) == []
    if every_mode.drop_uid:
        assert wait_until(lambda: processes_of_uid(int(run.stdout)), 2.0) == []
