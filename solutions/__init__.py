"""Instructor's model solutions for the deep-learning fundamentals exercises."""
