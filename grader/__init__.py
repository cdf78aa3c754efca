"""Grading a class of kata submissions: see referee.py, and the README's "Grading a class"."""
