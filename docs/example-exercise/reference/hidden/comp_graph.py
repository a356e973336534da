"""Hidden tests of the computational-graph exercise: a visible test on the
docstring's numbers, and a property test of the chain rule on drawn inputs
with hints for the known mistakes."""
from hypothesis import strategies as st

from grader.testing.checks import expect, expect_close
from grader.testing.suite import Suite

suite = Suite("comp_graph")


def expect_triple(got, expected, names, mistakes=None):
    """A tuple of three values, each close to the reference's."""
    expect(isinstance(got, (tuple, list)) and len(got) == 3, f"should return a tuple {names}", got=got)
    for value, exp, name in zip(got, expected, names):
        expect_close(value, exp, what=name, mistakes=(mistakes or {}).get(name))


@suite.test("graph_forward: d, e and Y of the docstring example", points=1, visibility="visible")
def _(s, ref):
    expect_triple(s.graph_forward(a=2.0, b=3.0, c=1.0), ref.graph_forward(2.0, 3.0, 1.0), ("d", "e", "Y"))


numbers = st.floats(-100, 100, allow_nan=False)


@suite.property("graph_backward: the chain rule for any a, b, c", strategy=st.tuples(numbers, numbers, numbers),
                points=2, max_examples=10)
def _(s, ref, case):
    a, b, c = case
    d, e = a + b, b - c
    expect_triple(s.graph_backward(a=a, b=b, c=c), ref.graph_backward(a, b, c), ("dY/da", "dY/db", "dY/dc"),
                  mistakes={"dY/db": {"b feeds both d and e: add its two contributions": e},
                            "dY/dc": {"e = b - c: the gradient reaching c changes sign": d}})
