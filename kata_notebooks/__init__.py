"""The katas as notebooks: generated from each kata's lesson and stub (`python -m kata_notebooks`),
and the helper their cells run (cells.py)."""
