"""`grader grade --scheduler`: a real local Dask cluster (two worker
processes) grades a small class; the results equal a local run's."""
from __future__ import annotations

import json
import shutil

import pytest

from grader.authoring import mutants
from dist_helpers import ROOT, grader

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


def _class(base):
    subs = base / "submissions"
    for student in ("model", "stubs", "mutant", "partial"):
        (subs / student).mkdir(parents=True)
    for name in ("neuron", "perceptron"):
        shutil.copy(ROOT / "solutions" / f"{name}.py", subs / "model")
        shutil.copy(ROOT / "exercises" / f"{name}.py", subs / "stubs")
    shutil.copy(ROOT / "solutions" / "neuron.py", subs / "mutant")
    corpus = ROOT / "reference" / "mutants"
    (subs / "mutant" / "perceptron.py").write_text(mutants.source(corpus / "perceptron" / "step_strict.mut", ROOT / "solutions"))
    (subs / "partial" / "neuron.py").write_text(mutants.source(corpus / "neuron" / "softmax_unshifted.mut", ROOT / "solutions"))
    return subs


def _verdicts(out, student):
    r = json.loads((out / student / "result.json").read_text())
    return r["score"], [(ex["name"], t["name"], t["status"], t["score"]) for ex in r["exercises"] for t in ex["tests"]]


def test_cluster_grades_like_a_local_run(tmp_path, cluster):
    subs = _class(tmp_path)
    common = ["--only", "neuron", "--only", "perceptron", "--quiet", "--force"]
    remote = grader("grade", subs, "--out", tmp_path / "cluster", *common, "--scheduler", cluster.scheduler_address)
    assert remote.returncode == 0, remote.stdout + remote.stderr
    assert "cluster: 2 workers" in remote.stderr
    local = grader("grade", subs, "--out", tmp_path / "local", *common)
    assert local.returncode == 0, local.stdout + local.stderr
    for student in ("model", "stubs", "mutant", "partial"):
        assert _verdicts(tmp_path / "cluster", student) == _verdicts(tmp_path / "local", student), student
    assert _verdicts(tmp_path / "cluster", "model")[0] == 35.0
    assert _verdicts(tmp_path / "cluster", "stubs")[0] == 0.0
    assert "4 graded" in remote.stdout
    # the results went into the client's one gradebook
    again = grader("grade", subs, "--out", tmp_path / "cluster", "--only", "neuron", "--only", "perceptron",
                   "--quiet", "--scheduler", cluster.scheduler_address)
    assert again.returncode == 0 and "0 graded, 4 unchanged and skipped" in again.stdout


def test_workers_were_used(cluster):
    from grader.engine import cluster as grader_cluster
    with distributed.Client(cluster.scheduler_address) as client:
        infos = client.run(grader_cluster.worker_info)
    assert len(infos) == 2
    assert {i["fingerprint"] for i in infos.values()} == {grader_cluster.suites_fingerprint()}
