"""Replies the wire refuses: nesting deeper than the limit, a header over 8 MB."""


def nested():
    v = []
    for _ in range(10_000):
        v = [v]
    return v


def big_header():
    return ["x" * 1000] * 10_000


def self_reference():
    v = []
    v.append(v)
    return v


def huge_array(mb=48):
    import numpy as np
    return np.ones(mb * 1024 * 1024 // 8)
