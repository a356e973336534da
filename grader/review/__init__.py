"""Instructor review on top of the autograder: overrides with comments that
survive every regrade (overrides.py), and the history of a student's grade
(history.py)."""
