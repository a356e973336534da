"""Extracting the graded module from real notebooks (written by nbformat the
way Jupyter and Colab save them), and the one-line reasons for bad ones."""
import ast
import base64
import json

import nbformat
import pytest

from grader.intake import notebooks
from grader.intake.notebooks import NotebookError, exercise_of, extract

EXERCISES = ("neuron", "perceptron", "mlp", "optimizers", "dropout", "keras_dnn")

SIGMOID = "def sigmoid(z):\n    z = np.asarray(z, dtype=np.float64)\n    return 1.0 / (1.0 + np.exp(-z))\n"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 2000).decode()


def colab_notebook(make_notebook):
    """A Colab session: installs, Drive, a training run, a plot, prints."""
    return make_notebook([
        ("markdown", "# My neuron exercise"),
        "!pip install -q numpy\nfrom google.colab import drive\ndrive.mount('/content/drive')",
        "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\nLEARNING_RATE = 0.5",
        SIGMOID + "print(sigmoid(0.0))",
        "def train(epochs):\n    w = 0.0\n    for _ in range(epochs):\n        w -= LEARNING_RATE * sigmoid(w)\n"
        "    return w\n",
        "w = train(1000)\nhistory = [train(e) for e in range(5)]\nfor e in range(3):\n    print(e, train(e))\n"
        "plt.plot(history)\nplt.show()\nname = input('your name? ')",
        "%%bash\necho this is not python",
        "%%time\nTABLE = {'sigmoid': sigmoid}\nfiles = !ls\nnp.sum?",
    ], outputs={3: [nbformat.v4.new_output("stream", name="stdout", text="0.5\n")],
                5: [nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]})


def test_colab_notebook_keeps_definitions_and_drops_the_experiment(make_notebook):
    result = extract(colab_notebook(make_notebook), "neuron.ipynb")
    tree = ast.parse(result.code)
    kept = {type(n).__name__ + ":" + (getattr(n, "name", "") or ast.unparse(n)[:30]) for n in tree.body}
    assert "FunctionDef:sigmoid" in kept and "FunctionDef:train" in kept
    assert "Assign:LEARNING_RATE = 0.5" in kept and "Assign:TABLE = {'sigmoid': sigmoid}" in kept
    code = result.code
    for gone in ("drive.mount", "google.colab", "pip install", "print(", "plt.plot", "plt.show", "input(",
                 "train(1000)", "for e in range", "%", "!ls", "np.sum?", "echo"):
        assert gone not in code, gone
    assert result.functions == {"sigmoid": 4, "train": 5}  # cells counted from 1, markdown included
    assert any("google.colab" in d for d in result.dropped)
    assert any("w = train(...)" in d and "cell 6" in d for d in result.dropped)
    assert any("name = input(...)" in d for d in result.dropped)
    # the module really defines what was kept (it is only parsed by the grader; run it here)
    namespace = {}
    exec(compile(code, "neuron.py", "exec"), namespace)  # noqa: S102 - test of our own notebook
    assert namespace["sigmoid"](0.0) == 0.5 and namespace["TABLE"]["sigmoid"] is namespace["sigmoid"]


def test_a_broken_cell_is_named_and_the_rest_is_kept(make_notebook):
    data = make_notebook(["import numpy as np", SIGMOID, "def relu(z)\n    return np.maximum(z, 0)\n",
                          "def tanh(z):\n    return np.tanh(z)\n"])
    result = extract(data, "neuron.ipynb")
    assert result.skipped == ["cell 3: SyntaxError: expected ':' (line 1)"]
    assert result.functions == {"sigmoid": 2, "tanh": 4}
    assert "neuron.ipynb, cell 3: SyntaxError: expected ':' (line 1); the other cells were graded" in \
        notebooks.describe(result)


def test_a_function_defined_twice_keeps_the_last_and_says_so(make_notebook):
    data = make_notebook(["import numpy as np", "def relu(z):\n    return z\n",
                          "def relu(z):\n    return np.maximum(z, 0.0)\n", "def relu(z):\n    return np.maximum(z, 0.0)\n"])
    result = extract(data, "neuron.ipynb")  # the last cell is a duplicated cell, as Jupyter's copy-paste makes
    assert result.functions == {"relu": 4}
    assert result.notes[-1] == ("relu is defined in cell 3 and again in cell 4: the last definition is "
                                "graded, as when running top to bottom")
    namespace = {}
    exec(result.code, namespace)  # noqa: S102
    assert list(namespace["relu"]([-1.0, 2.0])) == [0.0, 2.0]


def test_missing_cell_ids_and_old_minor_versions_are_read(make_notebook):
    raw = json.loads(make_notebook([SIGMOID]))
    raw["nbformat_minor"] = 2
    for cell in raw["cells"]:
        cell.pop("id", None)
    assert extract(json.dumps(raw).encode(), "neuron.ipynb").functions == {"sigmoid": 1}
    raw["nbformat_minor"] = 5  # 4.5 requires ids: they are normalised, not refused
    assert extract(json.dumps(raw).encode(), "neuron.ipynb").functions == {"sigmoid": 1}


@pytest.mark.parametrize("data, reason", [
    (b'{"cells": [{"cell_type": "code", "source": "def f(', "not valid notebook JSON"),
    (b"import numpy as np\n\ndef sigmoid(z):\n    return z\n", "it looks like Python code: name it .py"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "metadata": {}}).encode(),
     "nbformat 3 notebook"),
    ("{\"cells\": [], \"note\": \"\xe9\"}".encode("latin-1"), "not UTF-8"),
    (b"[1, 2, 3]", "not a Jupyter notebook"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_bad_notebooks_get_one_line_reasons(data, reason):
    with pytest.raises(NotebookError) as e:
        extract(data, "neuron.ipynb")
    assert reason in str(e.value) and "\n" not in str(e.value) and str(e.value).startswith("neuron.ipynb")


def test_huge_outputs_count_against_the_size_cap_and_are_never_read(make_notebook):
    big = make_notebook([SIGMOID], outputs={0: [nbformat.v4.new_output(
        "display_data", data={"image/png": base64.b64encode(b"\0" * 300_000).decode()})]})
    assert extract(big, "neuron.ipynb").functions == {"sigmoid": 1}
    with pytest.raises(NotebookError, match="over the 0.1 MB notebook limit"):
        extract(big, "neuron.ipynb", max_bytes=100_000)


def test_which_exercise_a_file_is(make_notebook):
    tagged = make_notebook([SIGMOID], metadata={"grader": {"exercise": "neuron"}})
    assert exercise_of("neuron.py", None, EXERCISES) == "neuron"
    assert exercise_of("mlp.ipynb", b"not even json", EXERCISES) == "mlp"  # by name, unread
    assert exercise_of("alice_1234_neuron-2.ipynb", tagged, EXERCISES) == "neuron"  # renamed by an LMS
    assert exercise_of("alice_1234_neuron-2.ipynb", make_notebook([SIGMOID]), EXERCISES) is None
    assert exercise_of("renamed.ipynb", b"garbage", EXERCISES) is None
    other = make_notebook([SIGMOID], metadata={"grader": {"exercise": "no_such_exercise"}})
    assert exercise_of("renamed.ipynb", other, EXERCISES) is None


def test_a_notebook_without_definitions_has_no_functions(make_notebook):
    result = extract(make_notebook([("markdown", "todo"), "print('hello')", "x = 3"]), "neuron.ipynb")
    assert result.functions == {} and "no function definitions" in notebooks.describe(result)[0]


def test_a_bad_notebook_costs_only_its_exercise(tmp_path, make_notebook):
    from grader.intake.submissions import discover
    alice = tmp_path / "alice"
    alice.mkdir()
    (alice / "neuron.ipynb").write_bytes(make_notebook([SIGMOID])[:-40])  # truncated upload
    (alice / "perceptron.ipynb").write_bytes(make_notebook(
        ["import numpy as np\nimport helpers", "def step(z, threshold=0.0):\n    return helpers.fire(z, threshold)\n"]))
    (alice / "helpers.py").write_text("def fire(z, t):\n    return (z >= t).astype(int)\n")
    (alice / "mlp.py").write_text("def forward(X, params):\n    return X\n")
    sub = discover(tmp_path, exercises=EXERCISES)[0]
    assert sub.exercise_file("neuron") is None and sub.exercise_file("mlp") == "mlp.py"
    assert sub.exercise_file("perceptron") == "perceptron.ipynb"
    assert "import helpers" in sub.extractions["perceptron"].code  # the student's own module is kept
    reasons = [p for p in sub.problems if p.startswith("neuron.ipynb")]
    assert len(reasons) == 1 and "not valid notebook JSON" in reasons[0] and "neuron graded without it" in reasons[0]
