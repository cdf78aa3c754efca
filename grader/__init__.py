"""Grading a class of kata submissions: see referee.py, and docs/grading.md."""
