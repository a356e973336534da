"""The three trees against the contract, and the public tests against the
model solutions (all pass) and the stubs (all fail, saying "not implemented")."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK_API = ROOT.parent / "shared" / "tools" / "check-api"


def public_tests(impl: Path, tmp_path: Path):
    xml = tmp_path / f"{impl.name}.xml"
    env = dict(os.environ, EXERCISES_DIR=str(impl))
    proc = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "exercises" / "tests"), "-q",
                           "-p", "no:cacheprovider", f"--junitxml={xml}", "-p", "no:xdist"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    cases = list(ET.parse(xml).getroot().iter("testcase"))
    return proc, cases


@pytest.mark.skipif(not CHECK_API.exists(), reason="../shared/tools/check-api not present")
def test_all_three_trees_match_the_contract():
    proc = subprocess.run([sys.executable, str(CHECK_API), str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    assert "api: all 126 functions match the contract" in proc.stdout


def test_solutions_pass_every_public_test(tmp_path):
    proc, cases = public_tests(ROOT / "solutions", tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert len(cases) >= 40
    assert not [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]


def test_stubs_fail_every_public_test_saying_not_implemented(tmp_path):
    proc, cases = public_tests(ROOT / "exercises", tmp_path)
    assert proc.returncode == 1
    ran = [c for c in cases if c.find("skipped") is None]
    assert len(ran) >= 40
    for case in ran:
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        assert problem is not None, f"{case.get('name')} passed against a stub"
        assert "not implemented" in (problem.get("message", "") + (problem.text or "")), case.get("name")
