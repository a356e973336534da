"""`grader release` ships each exercise as a notebook too, generated from the
stub; the notebooks' test cells run in a real kernel; the release points
only to files it holds; the leak check reads notebooks cell by cell."""
from __future__ import annotations

import ast
import re
import shutil
import zipfile

import nbformat
import pytest
from dist_helpers import ROOT, grader

from grader.intake.notebooks import count_implemented, extract
from grader.publish.release import NOTES_FILE

pytestmark = pytest.mark.needs_notes  # its tests build a release

EXERCISES = ["neuron", "perceptron", "mlp", "optimizers", "dropout", "keras_dnn"]


def stub_functions(name: str) -> list[str]:
    tree = ast.parse((ROOT / "exercises" / f"{name}.py").read_text())
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]


@pytest.mark.parametrize("name", EXERCISES)
def test_each_notebook_is_the_stub_with_teaching_text_and_test_cells(release_dir, wheel, name):
    data = (release_dir / f"{name}.ipynb").read_bytes()
    nb = nbformat.reads(data.decode(), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["grader"]["exercise"] == name
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert 'find_spec("grader") is None' in code[0] and f".grader/{wheel.name}" in code[0]
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    stub = (ROOT / "exercises" / f"{name}.py").read_text()
    assert ast.get_docstring(ast.parse(stub)).splitlines()[0] in markdown
    for fn in stub_functions(name):
        assert any(c.startswith(f"def {fn}(") for c in code), fn
        assert f"check_function({name!r}, {fn!r}, globals())" in code
        doc = ast.get_docstring(next(n for n in ast.parse(stub).body if getattr(n, "name", "") == fn))
        assert doc.splitlines()[0] in markdown
    assert code[-1] == f"check_exercise({name!r}, globals())"
    # graded as released: every stub function, nothing implemented, nothing of the install cell
    extraction = extract(data, f"{name}.ipynb")
    assert list(extraction.functions) == stub_functions(name) and extraction.skipped == []
    assert count_implemented(extraction.code) == 0 and "pip" not in extraction.code


def test_the_release_points_only_to_files_it_holds(release_dir):
    texts = {p.relative_to(release_dir).as_posix(): p.read_text(encoding="utf-8")
             for p in release_dir.rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".ipynb")}
    for where, text in texts.items():
        assert "../shared" not in text and "exercises/tests" not in text and "shared/course-notes" not in text, where
        for cited in set(NOTES_FILE.findall(text)):
            assert (release_dir / "notes" / cited).is_file(), (where, cited)
        for test in set(re.findall(r"pytest (tests/test_\w+\.py)", text)):
            assert (release_dir / test).is_file(), (where, test)
    notes_readme = (release_dir / "notes" / "README.md").read_text()
    assert "## neuron" in notes_readme and '"The Softmax Function"' in notes_readme
    for name in EXERCISES:
        assert "``notes/`` beside this file" in texts[f"{name}.py"]
        assert f"pytest tests/test_{name}.py" in texts[f"{name}.py"]


def test_the_wheel_carries_the_public_tests_for_colab(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for name in EXERCISES:
        member = f"grader/public_tests/test_{name}.py"
        assert member in names
        with zipfile.ZipFile(wheel) as zf:
            assert zf.read(member) == (ROOT / "exercises" / "tests" / f"test_{name}.py").read_bytes()
    assert "grader/public_tests/conftest.py" in names


def test_the_install_cell_uses_the_course_setting(tmp_path, wheel):
    config = tmp_path / "course.toml"
    config.write_text('[course]\nname = "DL"\n[exercises]\nneuron = 20\n'
                      '[release]\ninstall = "https://example.org/course/dl_grader-0.1.0-py3-none-any.whl"\n')
    out = tmp_path / "release"
    proc = grader("release", out, "--wheel", wheel, "--config", config)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    nb = nbformat.read(out / "neuron.ipynb", as_version=4)
    assert "'https://example.org/course/dl_grader-0.1.0-py3-none-any.whl'" in nb.cells[1].source
    assert not (out / "mlp.ipynb").exists()


def test_a_solution_pasted_into_a_notebook_is_a_leak(tmp_path, release_dir):
    folder = tmp_path / "published"
    shutil.copytree(release_dir, folder)
    solution = (ROOT / "solutions" / "dropout.py").read_text()
    tree = ast.parse(solution)
    early = next(n for n in tree.body if getattr(n, "name", "") == "early_stopping")
    nb = nbformat.read(folder / "dropout.ipynb", as_version=4)
    number, cell = next((i, c) for i, c in enumerate(nb.cells, 1) if c.source.startswith("def early_stopping("))
    cell.source = ast.get_source_segment(solution, early)
    nbformat.write(nb, folder / "dropout.ipynb")
    proc = grader("release", folder, "--check-only")
    assert proc.returncode != 0
    assert f"LEAK dropout.ipynb#cell{number}.py:" in proc.stderr
    assert "has the body of solutions/dropout.py: def early_stopping" in proc.stderr


SIGMOID = '''def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out
'''


def test_a_released_notebook_runs_in_a_kernel_and_its_test_cells_report(tmp_path, release_dir, monkeypatch):
    from nbclient import NotebookClient
    folder = tmp_path / "student"
    shutil.copytree(release_dir, folder)
    nb = nbformat.read(folder / "neuron.ipynb", as_version=4)
    next(c for c in nb.cells if c.source.startswith("def sigmoid(")).source = SIGMOID
    nb.cells.insert(len(nb.cells), nbformat.v4.new_code_cell("print('my experiment')\nfor i in range(2):\n    print(i)"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout's grader (no install, no network)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()

    def output_of(source):
        cell = next(c for c in nb.cells if c.cell_type == "code" and c.source == source)
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")

    sigmoid = output_of("check_function('neuron', 'sigmoid', globals())")
    assert sigmoid.startswith("✔ sigmoid: 2/2 public tests pass"), sigmoid
    relu = output_of("check_function('neuron', 'relu', globals())")
    assert relu.startswith("✘ relu: relu is not implemented yet"), relu
    everything = output_of("check_exercise('neuron', globals())")
    assert everything.startswith("✘ neuron: 2/15 public tests pass"), everything
    # the executed notebook, outputs and all, grades the same function
    assert extract(nbformat.writes(nb).encode(), "neuron.ipynb").functions["sigmoid"] > 0
