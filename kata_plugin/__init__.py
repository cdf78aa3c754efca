"""The kata plugin for pytest: which code the kata tests check, how their failures read, the
score table with progress and hints, and the grade report. The root conftest.py registers it.

Kata tests live in `katas/NN_name/test_<module>.py` and reach the code under test only through
the `kata` fixture. By default that is the learner's `katas/NN_name/<module>.py`;
`--impl=PATH` swaps in `PATH/NN_name/<module>.py` (`--impl=solutions` for the reference).

One module per concern, in the order a run meets them:
- options: the command-line options and the run's state;
- collection: which tests are kata tests, their points and seeds;
- loading: the `kata` fixture, in the test process or in a grading sandbox;
- timeouts: the per-test alarm;
- messages: a failure as a learner should read it;
- scoreboard: the results, the progress table and --hint (progress.py, hints.py);
- grade_report: the run's results as data, for the grader.
"""

pytest_plugins = [
    "kata_plugin.options",
    "kata_plugin.collection",
    "kata_plugin.loading",
    "kata_plugin.timeouts",
    "kata_plugin.messages",
    "kata_plugin.scoreboard",
    "kata_plugin.grade_report",
]
