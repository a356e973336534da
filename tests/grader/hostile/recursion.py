"""Unbounded recursion: a RecursionError; through C frames with the limit
lifted, the C stack overflows (a crash, not a hung grader)."""
import sys


def forever(n=0):
    return forever(n + 1)


def through_c(n=0):
    return list(map(through_c, [n + 1]))


def overflow():
    sys.setrecursionlimit(10**7)
    return through_c()
