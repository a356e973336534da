"""The notebook version of each exercise, generated from its stub.

``grader release`` writes ``neuron.ipynb`` beside ``neuron.py``, built with
nbformat from the stub's own source, so the two never drift:

1. a markdown cell: the exercise's title and how to work in the notebook;
2. the install cell: installs the grader where it is missing (Colab, a fresh
   kernel) from ``[release] install`` of course.toml (a URL, a ``git+``
   address or a path; default: the wheel shipped in the release), then
   imports the in-notebook checks;
3. a markdown cell: the stub's introduction (its module docstring) and the
   passages of the course notes, pointing into the release's ``notes/``;
4. the stub's imports, if any;
5. per function: a markdown cell with its docstring (formula, shapes, the
   worked example, pitfalls), a code cell with the stub (no docstring), and
   a test cell running that function's public tests on the notebook's own
   definitions (:mod:`grader.publish.notebook_checks`);
6. a last test cell running every public test of the exercise.

The notebook's metadata names the exercise (``metadata.grader.exercise``),
so a notebook an LMS renamed is still recognised when graded.
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.intake.notebooks import METADATA_KEY

CHECKS_IMPORT = "from grader.publish.notebook_checks import check_exercise, check_function"

INSTALL_CELL = '''\
# Run this cell first. It installs the grader (the public tests and their
# checks) when this Python does not have it yet: in Colab or a fresh kernel.
import importlib.util, subprocess, sys
if importlib.util.find_spec("grader") is None:
    in_colab = "google.colab" in sys.modules  # Colab has NumPy, TensorFlow and pytest already
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *(["--no-deps"] if in_colab else []),
                    {source!r}], check=True)
    if in_colab:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pytest", "hypothesis"], check=True)
{checks}'''


def _docstring_lines(node) -> tuple[int, int] | None:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and \
            isinstance(body[0].value.value, str):
        return body[0].lineno, body[0].end_lineno
    return None


def _fenced(text: str) -> str:
    return "```text\n" + text.strip("\n") + "\n```"


def _function_cells(exercise: str, node, lines: list[str]) -> list:
    """Teaching text, stub and test cell of one function."""
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    doc = ast.get_docstring(node) or ""
    span = _docstring_lines(node)
    code = lines[start - 1:node.end_lineno]
    if span is not None:  # the stub without its docstring (it is the markdown cell above)
        code = lines[start - 1:span[0] - 1] + lines[span[1]:node.end_lineno]
    signature = f"{node.name}({ast.unparse(node.args)})" if not isinstance(node, ast.ClassDef) else node.name
    return [new_markdown_cell(f"### `{signature}`\n\n" + _fenced(doc) if doc else f"### `{signature}`"),
            new_code_cell("\n".join(code).rstrip() + "\n"),
            new_code_cell(f"check_function({exercise!r}, {node.name!r}, globals())")]


def build_notebook(exercise: str, stub_source: str, *, install: str, passages: list[dict],
                   course: str = "") -> nbformat.NotebookNode:
    """The notebook of one exercise, from its stub's source."""
    tree = ast.parse(stub_source)
    lines = stub_source.splitlines()
    intro = ast.get_docstring(tree) or ""
    title, _, rest = intro.partition("\n")
    cells = [new_markdown_cell(
        f"# {title.strip() or exercise}\n\n"
        f"Work from top to bottom: run the first cell once, then for each function write your code in "
        f"its cell, run it, and run the test cell below it. Keep the function names and signatures. "
        f"Hand in this notebook (`{exercise}.ipynb`): the grader takes your imports, function "
        f"definitions and constants, and ignores everything else (prints, plots, training runs), "
        f"so experiment freely below your functions."),
        new_code_cell(INSTALL_CELL.format(source=install, checks=CHECKS_IMPORT))]
    notes = "\n".join(f"* `notes/{p['file']}`: \"{p['heading']}\" (line {p['line']})" for p in passages)
    cells.append(new_markdown_cell(_fenced(rest) + ("\n\n**Passages of the course notes** (in the `notes/` "
                                                    "folder of your release):\n\n" + notes if notes else "")))
    setup = [node for node in tree.body if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                 ast.ClassDef, ast.Expr))]
    if setup:
        cells.append(new_code_cell("\n".join(ast.get_source_segment(stub_source, n) for n in setup)))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            cells += _function_cells(exercise, node, lines)
    cells += [new_markdown_cell(f"## Every public test of `{exercise}`"),
              new_code_cell(f"check_exercise({exercise!r}, globals())")]
    for number, cell in enumerate(cells):
        cell.id = f"{exercise}-{number:02d}"  # stable: the same stub gives the same notebook
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        METADATA_KEY: {"exercise": exercise, **({"course": course} if course else {})}})
    nbformat.validate(nb)
    return nb


def write_notebook(path: Path, nb: nbformat.NotebookNode) -> None:
    path.write_text(nbformat.writes(nb), encoding="utf-8")
