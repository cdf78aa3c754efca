"""Facts shared by the kata plugin, the grader, the self-tests and the benchmark, as data: which
katas there are (catalog.py) and what a run of their tests reports (report.py)."""
