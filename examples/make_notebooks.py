"""Write the example class's notebook submissions (kim, lea, max, noa).

Run from the project's top level: ``python examples/make_notebooks.py``.
The notebooks are built with nbformat from ada's correct ``.py`` files,
one cell per top-level statement as students paste them, with what Jupyter
and Colab sessions leave behind added.  Cell ids and outputs are fixed, so
running this again rewrites the same files (they are committed).
"""
from __future__ import annotations

import ast
import base64
import zipfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = Path(__file__).resolve().parent
SUBMISSIONS = HERE / "submissions"
ADA = SUBMISSIONS / "ada"
# a tiny PNG (1x1 pixel) standing in for a saved plot
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0"
    "f01f0005000201a1a8a1d40000000049454e44ae426082")).decode()


def cells_of(path: Path) -> list[str]:
    """One cell per top-level statement (the module docstring becomes markdown)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    cells = []
    for node in tree.body:
        text = ast.get_source_segment(source, node)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node is tree.body[0]:
            cells.append(("markdown", node.value.value))
        else:
            cells.append(text)
    return cells


def notebook(cells, *, metadata=None, outputs=None, colab=False) -> str:
    made = []
    for i, cell in enumerate(cells):
        if isinstance(cell, tuple):
            made.append(new_markdown_cell(cell[1]))
        else:
            made.append(new_code_cell(cell, execution_count=i + 1, outputs=(outputs or {}).get(i, [])))
    for i, cell in enumerate(made):
        cell.id = f"cell-{i:03d}"
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "version": "3.11.7"}}
    if colab:
        meta["colab"] = {"provenance": [], "name": "neuron.ipynb"}
    return nbformat.writes(new_notebook(cells=made, metadata={**meta, **(metadata or {})}))


def kim() -> dict[str, str]:
    """Clean notebooks (neuron, perceptron), one cell per function, a check at the end."""
    return {name: notebook(cells_of(ADA / f"{name}.py") + [f"print({name!r}, 'done')"],
                           outputs={len(cells_of(ADA / f"{name}.py")): [
                               new_output("stream", name="stdout", text=f"{name} done\n")]})
            for name in ("neuron", "perceptron")}


def lea() -> str:
    """A Colab session: installs, Drive, magics, prints, plots and a training loop at the top level."""
    cells = [("markdown", "# Neuron exercise (Lea, in Colab)"),
             "!pip install -q numpy matplotlib\nfrom google.colab import drive\ndrive.mount('/content/drive')",
             "%matplotlib inline\n%load_ext autoreload\nimport matplotlib.pyplot as plt",
             *cells_of(ADA / "neuron.py"),
             "# quick checks\nprint(sigmoid(0.0), relu(-2.0))\nsoftmax([1.0, 2.0, 3.0])",
             "# train one neuron on AND for fun\nX = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)\n"
             "y = np.array([0, 0, 0, 1], dtype=float)\nw = np.zeros(2)\nb = 0.0\nlosses = []\n"
             "for epoch in range(2000):\n    p = neuron_output(X, w, b)\n    losses.append(binary_cross_entropy(y, p))\n"
             "    w -= 0.5 * X.T @ (p - y) / len(y)\n    b -= 0.5 * np.mean(p - y)\n"
             "plt.plot(losses)\nplt.show()",
             "final = neuron_output(X, w, b)\nprint(final.round(2))",
             "%%time\nresult = [sigmoid(z) for z in range(5)]",
             "name = input('What is your name? ')"]
    outputs = {len(cells) - 6: [new_output("stream", name="stdout", text="0.5 0.0\n")],
               len(cells) - 5: [new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})],
               len(cells) - 4: [new_output("stream", name="stdout", text="[0.   0.02 0.02 0.97]\n")]}
    return notebook(cells, outputs=outputs, colab=True)


def max_() -> str:
    """A notebook with one broken cell: mse misses a colon."""
    cells = cells_of(ADA / "neuron.py")
    at = next(i for i, c in enumerate(cells) if isinstance(c, str) and c.startswith("def mse("))
    cells[at] = cells[at].replace("def mse(y_true, y_pred):", "def mse(y_true, y_pred)", 1)
    return notebook(cells)


def noa() -> str:
    """mlp as downloaded from the course's released notebook, renamed by the LMS: recognised by its metadata."""
    return notebook(["import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'", *cells_of(ADA / "mlp.py")],
                    metadata={"grader": {"exercise": "mlp", "course": "Deep Learning Fundamentals"}})


def main() -> None:
    for name, text in kim().items():
        (SUBMISSIONS / "kim").mkdir(exist_ok=True)
        (SUBMISSIONS / "kim" / f"{name}.ipynb").write_text(text, encoding="utf-8")
    (SUBMISSIONS / "lea").mkdir(exist_ok=True)
    (SUBMISSIONS / "lea" / "neuron.ipynb").write_text(lea(), encoding="utf-8")
    (SUBMISSIONS / "max").mkdir(exist_ok=True)
    (SUBMISSIONS / "max" / "neuron.ipynb").write_text(max_(), encoding="utf-8")
    with zipfile.ZipFile(SUBMISSIONS / "noa.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("Noa Berg_20417_assignsubmission_file_mlp (1).ipynb", (2026, 11, 21, 18, 30, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, noa())


if __name__ == "__main__":
    main()
