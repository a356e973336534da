"""Hostile corpus, round two: verdicts the child cannot forge, hidden tests
that leak nothing, and hard caps on time and reply size.  Each test runs
with bubblewrap and with the fallback (GRADER_NO_BWRAP=1)."""
from __future__ import annotations

import numpy as np
from sandbox_helpers import fast_limits

from grader.sandbox.client import Student
from grader.sandbox.process import StudentError
from grader.testing.helpers import expect, expect_unchanged
from grader.testing.suite import Suite, not_run, run_suite

SECRET = 7345.0  # a hidden test's input the student must never be shown


# ---------------------------------------------------------------- 1. unforgeable verdicts

def test_rewriting_the_runtime_does_not_hide_in_place_changes(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "forge_runtime")
    proxy = box.student.module("forge_runtime")
    z = np.array([1.0, 2.0])
    assert np.array_equal(proxy.scale_in_place(z=z), [2.0, 4.0])
    assert proxy.last_mutated == ["z"]
    assert np.array_equal(z, [1.0, 2.0])  # the parent's own array is untouched
    proxy.halve_inside({"w": np.ones(3), "b": 0.0})
    assert proxy.last_mutated == [0]
    proxy.scale_in_place(np.arange(3.0), factor=1.0)  # writes the same values: no change
    assert proxy.last_mutated == []


def test_a_suite_fails_a_function_that_modifies_its_input_behind_a_forged_runtime(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "forge_runtime")
    suite = Suite("forge_runtime")

    @suite.test("scale_in_place: leaves its input unchanged", visibility="visible")
    def _(s, ref):
        s.scale_in_place(z=np.array([3.0, 4.0]))
        expect_unchanged(s)

    [result] = run_suite(suite, box.student, reference=None)
    assert result.status == "failed"
    assert "modified its argument(s) z in place" in result.feedback


def test_forged_exception_type_and_place_are_dropped(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "forge_runtime")
    try:
        box.call("forge_runtime", "boom", np.array([SECRET]))
    except StudentError as e:
        assert (e.type, e.where) == ("Exception", "")
    else:
        raise AssertionError("boom should raise")
    suite = Suite("forge_runtime")

    @suite.test("boom: hidden", visibility="hidden")
    def _(s, ref):
        s.boom(np.array([SECRET]))

    [result] = run_suite(suite, box.student, reference=None)
    assert result.status == "failed" and result.feedback == "raised Exception"
    assert "7345" not in result.feedback


def test_honest_exception_reports_keep_their_type_and_place(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, files={"honest.py": b"class ShapeError(Exception):\n    pass\n\n\n"
                                                         b"def f(x):\n    raise ShapeError('bad')\n"})
    try:
        box.call("honest", "f", 1)
    except StudentError as e:
        assert (e.type, e.where) == ("ShapeError", "honest.py line 6")


def test_silenced_overflow_warnings_are_still_reported(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "silence_warnings")
    proxy = box.student.module("silence_warnings")
    z = np.array([-1000.0, 0.0, 1000.0])
    for func in ("sigmoid", "sigmoid_errstate", "sigmoid_seterr"):
        getattr(proxy, func)(z=z)
        assert any("overflow" in w for w in proxy.last_warnings), func
    got = proxy.stable(z=z)
    assert proxy.last_warnings == [] and np.allclose(got, [0.0, 0.5, 1.0])


def test_the_neuron_suite_fails_a_silenced_overflow(sandbox_mode, make_sandbox):
    from reference import neuron as ref
    from reference.hidden import load_suite
    solution = (ref.__file__.replace("reference", "solutions"))
    source = open(solution).read() + (
        "\n\nimport warnings\nnp.seterr(all='ignore')\nwarnings.simplefilter('ignore')\n\n"
        "def sigmoid(z):\n    with np.errstate(over='ignore'):\n"
        "        return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float))))\n")
    box = make_sandbox(sandbox_mode, files={"neuron.py": source.encode()})
    suite = load_suite("neuron")
    name = next(t.name for t in suite.tests if t.name.startswith("sigmoid: stable"))
    [result] = run_suite(suite, box.student, ref, only_names={name})
    assert result.status == "failed" and "printed a warning" in result.feedback


# ---------------------------------------------------------------- 2. hidden tests leak nothing

def _leaky_suite():
    suite = Suite("remember_hidden")

    @suite.test("remember: hidden input", visibility="hidden")  # declared first on purpose
    def _(s, ref):
        s.remember(z=np.array([SECRET]))

    @suite.test("reveal: visible", visibility="visible")
    def _(s, ref):
        s.reveal(z=np.array([1.0]))

    @suite.test("crash: hidden", visibility="hidden")
    def _(s, ref):
        s.crash()
    return suite


def test_nothing_seen_in_a_hidden_test_reaches_what_the_student_is_shown(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "remember_hidden", limits=fast_limits(call_seconds=15))
    results = run_suite(_leaky_suite(), box.student, reference=None)
    assert [r.name for r in results] == ["remember: hidden input", "reveal: visible", "crash: hidden"]
    shown = " ".join(r.feedback + r.output for r in results)
    assert "7345" not in shown
    remember, reveal, crash = results
    assert remember.output == "" and "hidden input 7345.0" in remember.details  # the instructor sees it
    assert "earlier inputs []" in reveal.output  # the visible test ran first
    assert crash.status == "error" and crash.feedback == "the process exited with code 3 instead of answering"


def test_a_restarted_child_cannot_report_hidden_data_through_its_import(sandbox_mode, make_sandbox):
    if not sandbox_mode.bwrap and not sandbox_mode.drop_uid:
        return
    box = make_sandbox(sandbox_mode, "remember_hidden", limits=fast_limits(call_seconds=15))
    suite = _leaky_suite()
    run_suite(suite, box.student, reference=None, only_names={"remember: hidden input", "crash: hidden"})
    again = run_suite(suite, box.student, reference=None, only_names={"remember: hidden input"})
    assert all("7345" not in r.feedback + r.output for r in again)


def test_grading_runs_every_visible_test_before_any_hidden_one(sandbox_mode, make_sandbox, monkeypatch):
    """Two exercises sharing one child: the second's visible test runs before
    the first's hidden one."""
    from grader.course.config import load as load_config
    from grader.engine import grading
    from grader.intake.submissions import Submission
    first, second = Suite("remember_hidden"), Suite("show_later")

    @first.test("remember: hidden", visibility="hidden")
    def _(s, ref):
        s.remember(z=np.array([SECRET]))

    @second.test("reveal: visible", visibility="visible")
    def _(s, ref):
        s.student.module("remember_hidden").reveal(z=np.array([1.0]))

    monkeypatch.setitem(grading._SUITES, "remember_hidden", (first, None))
    monkeypatch.setitem(grading._SUITES, "show_later", (second, None))
    import dataclasses
    config = load_config()
    config = dataclasses.replace(config, points={"remember_hidden": 1.0, "show_later": 1.0},
                                 limits=fast_limits(), exercise_limits={})
    source = box_source("remember_hidden")
    sub = Submission("ann", None, files={"remember_hidden.py": source, "show_later.py": b""})
    result = grading.grade_submission(sub, config, iso=sandbox_mode, slot=310)
    shown = json_text(result.to_json())
    assert "7345" not in shown and "earlier inputs []" in shown


def box_source(name):
    from sandbox_helpers import HOSTILE
    return (HOSTILE / f"{name}.py").read_bytes()


def json_text(data) -> str:
    import json
    return json.dumps(data)


# ---------------------------------------------------------------- 5. hard time cap

def test_the_exercise_budget_is_a_hard_wall_clock_cap(sandbox_mode, make_sandbox):
    import time
    box = make_sandbox(sandbox_mode, "slow_calls")
    suite = Suite("slow_calls")

    @suite.property("nap: returns its input", strategy=__import__("hypothesis").strategies.integers(0, 9),
                    max_examples=10, visibility="visible")
    def _(s, ref, x):
        expect(s.nap(x=x) == x, "wrong")

    @suite.test("nap: later test", visibility="visible")
    def _(s, ref):
        s.nap(x=1)

    started = time.monotonic()
    results = run_suite(suite, Student(box.process, 1.5), reference=None, budget=2.0)
    elapsed = time.monotonic() - started
    assert results[0].status == "timeout"
    assert results[0].feedback == "killed: the 2 s time budget of this exercise ran out"
    assert not_run(results) == ["nap: later test"]
    assert elapsed < 2.0 + 20  # killed at the budget, not after 10 calls of 0.9 s (slack: shared machine)
    assert box.process.budget_deadline is None


# ---------------------------------------------------------------- 6. reply cap

def test_a_reply_over_the_cap_is_refused_before_it_is_read(sandbox_mode, make_sandbox):
    box = make_sandbox(sandbox_mode, "huge_reply", limits=fast_limits(reply_mb=8, call_seconds=30))
    assert box.outcome("huge_reply", "huge_array", 24) == (
        "failure", "the reply was larger than the 8 MB limit (return less data)")
    kind, value = box.outcome("huge_reply", "huge_array", 4)
    assert kind == "ok" and value.shape == (4 * 1024 * 1024 // 8,)


# ---------------------------------------------------------------- 3. Keras judged in the parent

def _keras_suite_score(box):
    from reference import keras_dnn as ref
    from reference.hidden import load_suite
    suite = load_suite("keras_dnn")
    results = run_suite(suite, Student(box.process, 60), ref)
    earned = sum(t.points for t, r in zip(suite.tests, results) if r.status == "passed")
    return earned, suite.total_points(), results


def test_a_fake_model_and_a_lookup_table_score_low(sandbox_mode, make_sandbox):
    """Objects that answer count_params/get_config/predict/evaluate, and a
    nearest-neighbour "model" of the bundled digits: no Keras, few points."""
    source = box_source("fake_keras")
    box = make_sandbox(sandbox_mode, files={"keras_dnn.py": source},
                       limits=fast_limits(call_seconds=60, memory_mb=4096))
    earned, total, results = _keras_suite_score(box)
    assert earned <= 0.2 * total, [(r.name, r.status) for r in results if r.status == "passed"]
    digits = [r for r in results if r.name.startswith("train_digits_classifier")]
    assert all(r.status == "failed" for r in digits)
    assert "get_weights() should return a list of float arrays" in digits[0].feedback or \
        "get_weights" in digits[0].feedback


# ---------------------------------------------------------------- 6. cgroups

def test_a_fork_bomb_of_memory_hogs_is_contained_as_a_whole(sandbox_mode, make_sandbox):
    if not sandbox_mode.cgroup:
        import pytest
        pytest.skip(f"no cgroup here: {sandbox_mode.no_cgroup_reason}")
    limit_mb = 400
    box = make_sandbox(sandbox_mode, "memory_hogs", limits=fast_limits(memory_mb=limit_mb, call_seconds=4))
    box.student.import_module("memory_hogs")
    group = box.process.cgroup
    assert group is not None and box.process.proc.pid in group.pids()
    kind, _ = box.outcome("memory_hogs", "hogs")
    assert kind in ("timeout", "failure")
    assert group.peak_bytes() <= limit_mb * 1024 * 1024  # 6 x 120 MB never all lived at once
    paths = list(group.paths)
    box.process.close()
    assert not any(__import__("os").path.exists(p) for p in paths)  # every process gone, group removed


def test_the_first_line_says_which_layers_are_active(isolations):
    for iso in isolations.values():
        text = iso.describe()
        assert ("cgroup v1: memory and process limits" in text or "cgroup v2: memory" in text
                or "no cgroup limits (" in text), text


# ---------------------------------------------------------------- 7. no shared state

def test_no_file_reaches_the_host_or_the_next_student(sandbox_mode, make_sandbox):
    import os
    import uuid
    if not sandbox_mode.private_tmp:
        import pytest
        pytest.skip("no private temporary folders here (not root, no bubblewrap)")
    marker = f"grader-test-left-{uuid.uuid4().hex}"
    first = make_sandbox(sandbox_mode, "shared_state")
    planted = first.call("shared_state", "plant", marker)
    assert "/tmp" in planted  # it could write: into its own private folders
    assert not any(os.path.exists(os.path.join(p, marker)) for p in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"))
    assert not os.path.exists("/tmp/.keras/keras.json") or "nonexistent" not in open("/tmp/.keras/keras.json").read()
    second = make_sandbox(sandbox_mode, "shared_state")
    assert second.call("shared_state", "look", marker) == []


def test_what_a_sandbox_uid_left_is_removed():
    """remove_uid_files on real files: the uid's own go, anyone else's stay."""
    import os
    import tempfile
    from grader.sandbox import isolation
    if os.geteuid() != 0:
        import pytest
        pytest.skip("needs root to own files as another uid")
    uid = isolation.UID_BASE + 777
    shared = tempfile.mkdtemp(prefix="grader-test-shared-")
    os.chmod(shared, 0o1777)
    try:
        for name in ("left.txt", "dir"):
            path = os.path.join(shared, name)
            os.mkdir(path) if name == "dir" else open(path, "w").close()
            os.chown(path, uid, uid)
        open(os.path.join(shared, "dir", "inner"), "w").close()
        open(os.path.join(shared, "mine.txt"), "w").close()
        workdir = os.path.join(shared, "workdir")  # given to the uid on purpose: kept
        os.mkdir(workdir)
        os.chown(workdir, uid, uid)
        assert isolation.remove_uid_files(uid, roots=(shared,), keep=[workdir]) == 2
        assert sorted(os.listdir(shared)) == ["mine.txt", "workdir"]
    finally:
        import shutil
        shutil.rmtree(shared, ignore_errors=True)


def test_home_and_temp_are_the_childs_own_in_every_mode(every_mode, make_sandbox):
    box = make_sandbox(every_mode, "shared_state")
    env = box.call("shared_state", "env")
    if every_mode.private_tmp:  # /tmp itself is private: bubblewrap, or a mount namespace
        assert env == {"HOME": "/tmp", "TMPDIR": "/tmp", "KERAS_HOME": ""}  # Keras uses ~/.keras
    else:  # the host's /tmp is shared: a folder of the submission instead
        home = f"{box.workdir}/.home"
        assert env == {"HOME": home, "TMPDIR": home, "KERAS_HOME": ""}


def test_arguments_in_shared_memory_keep_shape_dtype_and_layout(sandbox_mode, make_sandbox):
    """0-d, empty, Fortran-ordered, integer and nested arrays arrive as sent."""
    box = make_sandbox(sandbox_mode, files={"echo.py": b"def echo(*a, **k):\n    return a, k\n"})
    args = (np.array(2.5), np.zeros((0, 3)), np.asfortranarray(np.arange(6.0).reshape(2, 3)),
            [np.arange(3, dtype=np.int32), (np.array([True, False]),)])
    got_args, got_kwargs = box.call("echo", "echo", *args, w={"v": np.array([1.0, 2.0])})
    for sent, got in zip([args[0], args[1], args[2], args[3][0], args[3][1][0]],
                         [got_args[0], got_args[1], got_args[2], got_args[3][0], got_args[3][1][0]]):
        assert got.shape == sent.shape and got.dtype == sent.dtype and np.array_equal(got, sent)
    assert np.array_equal(got_kwargs["w"]["v"], [1.0, 2.0])


def test_a_grader_with_many_open_files_still_starts_children(sandbox_mode, make_sandbox):
    """The namespaces are set up before the open-files limit: a busy grader
    (a worker with many descriptors) must not fail to start its children."""
    import os
    fds = [os.open("/dev/null", os.O_RDONLY) for _ in range(120)]
    try:
        box = make_sandbox(sandbox_mode, files={"m.py": b"def f():\n    return 1\n"})
        assert box.outcome("m", "f") == ("ok", 1)
    finally:
        for fd in fds:
            os.close(fd)
