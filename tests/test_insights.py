"""A class's insights, from one `python -m grader` run on a small class of kata 01 whose mistakes,
copies and names are known: the diagnoses counted per student, pass rates and means as the
results and the gradebook give them, the copies found and the honest students left alone, a
page that parses and escapes what students wrote, and the same facts from `python -m grader
insights` on the results folder alone.
"""

import csv
import json
import re
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest

from kata_runs import KATAS, SOLUTIONS, SUBMISSIONS, grade_class, run_grader, shipped_stub

# Alone: its class must not be graded while test_grader.py grades one, whose runaways have 5 s
# deadlines that an honest call must never reach.
pytestmark = [pytest.mark.end_to_end, pytest.mark.alone, pytest.mark.timeout(600)]

KATA, MODULE = "01_many_to_one", "many_to_one.py"
REFERENCE = (SOLUTIONS / KATA / MODULE).read_text()
WRONG, CORRECT = SUBMISSIONS / "wrong" / KATA, SUBMISSIONS / "correct" / KATA
SCRIPT_NAME = "<script>alert(1)"


def submission(path):
    from kata_runs import module_source

    return module_source(path)


def renamed(source):
    """The same program with other local names and other comments: a copy in disguise."""
    source = re.sub(r"\bspans\b", "chunks", source)
    source = re.sub(r"\bmodel\b", "net", source)
    return source.replace("# ", "# as I see it, ")


# Each student's module for kata 01 (None: nothing handed in), and the diagnoses their mistakes
# must be counted under: {student: [(test function, diagnosis name)]}.
CLASS = {
    "ada": REFERENCE,
    "ada_copy": REFERENCE,
    "ada_renamed": renamed(REFERENCE),
    "cory": submission(CORRECT / "sequential_input_shape_loops.py"),
    "tess": submission(CORRECT / "tf_keras_functional_rnn_cell.py"),
    "walt": submission(WRONG / "windows_target_inside_window.py"),
    "wendy": submission(WRONG / "windows_start_one_step_late.py"),
    "gus": submission(WRONG / "gru_instead_of_lstm.py"),
    "sid": submission(WRONG / "simple_rnn_instead_of_lstm.py"),
    SCRIPT_NAME: submission(WRONG / "hard_coded_units.py"),
    "stub_only": shipped_stub(KATAS / KATA / MODULE),
    # A module nested past what a parser can walk: it has no fingerprint, and costs nobody else.
    "deep_nesting": REFERENCE + "\nx = " + "-" * 100_000 + "1\n",
    "nobody": None,
}
WINDOWS_TEST, COUNT_TEST, LAYER_TEST = (
    "test_make_windows_pairs_each_window_with_the_next_value",
    "test_parameter_count_matches_lstm_formula",
    "test_model_is_one_forward_lstm_then_a_linear_dense",
)
MADE = {
    "walt": [(WINDOWS_TEST, "series_i_time_steps_1_the_last_value")],
    "wendy": [(WINDOWS_TEST, "series_i_1_i_1_time_steps_windows")],
    "gus": [(COUNT_TEST, "recurrent_layer_of_the_wrong_kind"), (LAYER_TEST, "not_an_lstm")],
    "sid": [(COUNT_TEST, "recurrent_layer_of_the_wrong_kind"), (LAYER_TEST, "not_an_lstm")],
    SCRIPT_NAME: [(LAYER_TEST, "fixed_units")],
}
HONEST = {"cory", "tess", "walt", "wendy", "gus", "sid", SCRIPT_NAME}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("insights")
    students = root / "students"
    for student, module in CLASS.items():
        (students / student).mkdir(parents=True)
        if module is not None:
            (students / student / KATA).mkdir()
            (students / student / KATA / MODULE).write_text(module)
    out = root / "out"
    # A deadline no honest call of kata 01 comes near, so that nobody here times out.
    done = grade_class(students, out, "01", 5, "--timeout", "60", timeout=500)
    assert done.returncode == 0, done.stdout + done.stderr
    insights = json.loads((out / "insights.json").read_text())
    results = {
        data["extra_data"]["student"]: data
        for data in (json.loads(path.read_text()) for path in (out / "results").glob("*.json"))
    }
    return insights, results, out


def test_each_diagnosed_mistake_is_counted_once_per_student_who_made_it(graded):
    insights, _, _ = graded
    made = {}
    for student, mistakes in MADE.items():
        for test, diagnosis in mistakes:
            made.setdefault((test, diagnosis), set()).add(student)
    found = {(entry["test"], entry["diagnosis"]): entry for entry in insights["mistakes"]}
    for key, students in made.items():
        assert key in found, f"{key} is not among the class's mistakes: {sorted(found)}"
        entry = found[key]
        assert entry["count"] == len(students), entry
        assert entry["share"] == pytest.approx(len(students) / len(CLASS), abs=1e-4)
        assert set(entry["examples"]) == students, entry
        assert entry["sentence"], entry
    # Nobody who made no mistake is an example of one.
    examples = {student for entry in insights["mistakes"] for student in entry["examples"]}
    assert not examples & {"ada", "ada_copy", "ada_renamed", "cory", "tess"}, insights["mistakes"]


def test_each_diagnosis_is_in_the_results_per_test_extra_data(graded):
    _, results, _ = graded
    for student, mistakes in MADE.items():
        for test, diagnosis in mistakes:
            named = [
                item["name"]
                for entry in results[student]["tests"]
                if test in entry["name"]
                for item in entry["extra_data"]["diagnoses"]
            ]
            assert diagnosis in named, (student, test, named)
    assert all(not entry["extra_data"]["diagnoses"] for entry in results["ada"]["tests"])


def test_pass_rates_and_means_agree_with_the_results_and_the_gradebook(graded):
    insights, results, out = graded
    with open(out / "gradebook.csv") as handle:
        points = [int(row[KATA]) for row in csv.DictReader(handle)]
    (kata,) = insights["katas"]
    assert sorted(kata["scores"]) == sorted(points)
    assert kata["mean"] == pytest.approx(statistics.fmean(points), abs=0.01)
    assert kata["median"] == statistics.median(points)
    assert sum(entry["count"] for entry in kata["histogram"]) == len(CLASS)
    rates = [test["pass_rate"] for test in insights["tests"]]
    assert rates == sorted(rates), "hardest first"
    for test in insights["tests"]:
        passed = sum(
            entry["status"] == "passed"
            for result in results.values()
            for entry in result["tests"]
            if entry["name"] == test["test"]
        )
        assert (test["passed"], test["graded"]) == (passed, len(CLASS)), test


def test_copies_are_grouped_and_honest_students_are_not(graded):
    insights, results, _ = graded
    groups = {(group["kind"], tuple(group["students"])) for group in insights["identical"]}
    assert ("same file", ("ada", "ada_copy")) in groups, groups
    assert ("same after normalising", ("ada", "ada_copy", "ada_renamed")) in groups, groups
    grouped = {student for _, students in groups for student in students}
    assert not grouped & HONEST, groups
    assert "stub_only" not in grouped, "an unchanged stub is not a copy"
    assert results["deep_nesting"]["extra_data"]["fingerprints"][KATA] is None


def test_students_who_need_attention_are_listed(graded):
    insights, _, _ = graded
    statuses = {(entry["student"], entry["status"]) for entry in insights["attention"]}
    assert ("nobody", "not submitted") in statuses, statuses
    assert not {student for student, _ in statuses} & {"ada", "cory", "tess"}


class StrictParser(HTMLParser):
    """Every element that is opened is closed, in order (void elements aside)."""

    VOID = {"meta", "br", "rect", "input", "img", "hr", "link"}

    def __init__(self):
        super().__init__()
        self.open = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def test_the_page_parses_stands_alone_and_escapes_what_students_wrote(graded):
    _, _, out = graded
    page = (out / "insights.html").read_text()
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    pictures = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    assert pictures, "a histogram per kata"
    for picture in pictures:
        ElementTree.fromstring(picture)  # raises on markup that is not XML
    assert "<script" not in page and "&lt;script&gt;alert(1)" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "nothing from the network"


def test_the_insights_command_gives_the_same_facts_from_the_results_alone(graded, tmp_path):
    _, _, out = graded
    done = run_grader("insights", str(out / "results"), "--out", str(tmp_path), timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "insights.json").read_text() == (out / "insights.json").read_text()
    assert (tmp_path / "insights.html").read_text() == (out / "insights.html").read_text()


BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def test_a_headless_browser_shows_the_page_and_runs_nothing_a_student_wrote(graded, tmp_path):
    """The page as a browser builds it: the sections are there, and the student named
    `<script>alert(1)` is text in a cell, not an element. Skipped where no Chromium is installed
    (.ci/run installs Debian's where it can); the parse test above still runs."""
    _, _, out = graded
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        pytest.skip("no headless Chromium on this machine")
    headless = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    page = (out / "insights.html").as_uri()
    dom = subprocess.run(
        [*headless, "--dump-dom", page], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    ).stdout
    for heading in ("Scores per kata", "Tests, hardest first", "The commonest mistakes", "Identical submissions"):
        assert f"<h2>{heading}</h2>" in dom, dom[:2000]
    assert "<td>&lt;script&gt;alert(1)</td>" in dom and "<script" not in dom
    assert dom.count("<svg") == 1
    picture = tmp_path / "insights.png"
    subprocess.run(
        [*headless, "--window-size=1100,2400", f"--screenshot={picture}", page],
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size > 20_000
