"""The grader, run on a class of fake submissions whose exact scores are known.

One `python -m grader` run grades the whole class (katas 01, 02 and 08, to keep it short); the
tests read its gradebook and results. Each fake student stands for one situation the issue
names: full marks, untouched stubs, one kata wrong, a syntax error, an import that raises, an
endless loop, a memory hog, and a student who tries every cheat.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from grader import cgroups, names
from kata_records.catalog import discover
from kata_runs import (
    KATAS,
    REPO,
    SOLUTIONS,
    SUBMISSIONS,
    grade_class,
    require_end_to_end,
    run_grader,
    run_kata_tests,
    shipped_stub,
)
from kata_sandbox import processes

# The class is graded once, in the first test that asks for it: minutes, not seconds.
pytestmark = [pytest.mark.end_to_end, pytest.mark.timeout(1500)]

GRADED = ("01_many_to_one", "02_many_to_many", "08_training")
MODULES = {kata.name: kata.module_file for kata in discover(selectors=GRADED)}
MAX = {kata.name: kata.max_points for kata in discover(selectors=GRADED)}  # checked against the tests' points
GRADING = SUBMISSIONS / "grading"
BROKEN = SUBMISSIONS / "broken" / "01_many_to_one"
WRONG_01 = SUBMISSIONS / "wrong" / "01_many_to_one" / "sgd_optimizer.py"
STEPS_TESTS = "test_steps_per_epoch"  # the kata 08 tests that call steps_per_epoch


def write_student(folder, files):
    """files: {kata: source text}; katas left out are the reference solutions."""
    for kata in GRADED:
        (folder / kata).mkdir(parents=True)
        text = files.get(kata, (SOLUTIONS / kata / MODULES[kata]).read_text())
        (folder / kata / MODULES[kata]).write_text(text)


def solution_plus(kata, override):
    """The reference solution with a function redefined at its end."""
    return (SOLUTIONS / kata / MODULES[kata]).read_text() + "\n\n" + (GRADING / override).read_text()


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    students = root / "students"
    students.mkdir()
    write_student(students / "full", {})
    write_student(students / "stubs", {kata: shipped_stub(KATAS / kata / MODULES[kata]) for kata in GRADED})
    write_student(students / "one_wrong", {"01_many_to_one": WRONG_01.read_text()})
    write_student(students / "syntax_error", {"01_many_to_one": (BROKEN / "syntax_error.py").read_text()})
    write_student(students / "import_raises", {"01_many_to_one": (BROKEN / "misspelled_import.py").read_text()})
    write_student(
        students / "endless_loop", {"08_training": solution_plus("08_training", "steps_per_epoch_never_returns.py")}
    )
    write_student(
        students / "memory_hog", {"08_training": solution_plus("08_training", "steps_per_epoch_hoards_memory.py")}
    )
    write_student(
        students / "cheater",
        {
            "01_many_to_one": (GRADING / "patches_the_referee.py").read_text(),
            "02_many_to_many": (GRADING / "escapes_the_process.py").read_text(),
        },
    )
    shutil.copyfile(GRADING / "patches_the_referee.py", students / "cheater" / "conftest.py")
    (students / "not_submitted").mkdir()
    (students / "not_submitted" / "notes.txt").write_text("I will do it tomorrow.")
    for name in HOSTILE_NAMES:
        (students / name).mkdir()
        (students / name / "\x1b]0;a stray file that renames the terminal\x07.txt").write_text("")
    # A tree past Python's recursion limit, made and removed a folder at a time.
    deep = [os.path.join(students, "deep_tree", *["d"] * depth) for depth in range(0, 1101)]
    for folder in deep:
        os.mkdir(folder)
    out = root / "out"
    try:
        # 10 s per call: kata 08's longest honest call (train with patience 4) takes 1.5 s alone,
        # and must keep its margin while the other worker trains models of its own.
        done = grade_class(students, out, "01,02,08", 3, "--timeout", "10", timeout=1200)
    finally:
        for folder in reversed(deep):
            os.rmdir(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out / "gradebook.csv") as handle:
        gradebook = {row["student"]: row for row in csv.DictReader(handle)}
    results = {path.stem: json.loads(path.read_text()) for path in (out / "results").glob("*.json")}
    return gradebook, results, done.stdout, root


# Students whose names attack the referee: too long for a results file once ".json" is added, a
# terminal escape, formulas that a spreadsheet would run once normalised or stripped of a space.
HOSTILE_NAMES = ["n" * 252, "\x1b[2Jclears_the_screen", "\uff1d1+1", " =1+1"]


def test_hostile_names_and_trees_cost_nobody_a_gradebook_row(graded_class):
    gradebook, results, stdout, _ = graded_class
    assert "\x1b" not in stdout and "\x07" not in stdout
    for name in HOSTILE_NAMES:
        row = gradebook[names.spreadsheet_safe(name)]
        assert int(row["total"]) == 0 and row["01_many_to_one status"] == "not submitted", row
        assert results[names.file_name(name)]["extra_data"]["student"] == name
    assert "\\x1b[2Jclears_the_screen" in stdout
    refused = results["deep_tree"]["extra_data"]["refused_files"]
    assert any("deeper than" in why for why in refused.values()), refused


def points_of(results, student, kata, name_part=""):
    return sum(
        test["max_score"]
        for test in results[student]["tests"]
        if test["name"].startswith(kata) and name_part in test["name"]
    )


def kata_maximum(results, kata):
    return points_of(results, "full", kata)


def check_katas(gradebook, student, expected):
    """expected: {kata: (points, status)}; points None means full marks."""
    row = gradebook[student]
    for kata, (points, status) in expected.items():
        assert (int(row[kata]), row[f"{kata} status"]) == (points, status), (student, kata, dict(row))


def test_reference_solutions_get_full_marks(graded_class):
    gradebook, results, _, _ = graded_class
    row = gradebook["full"]
    assert int(row["total"]) == int(row["max"]) == MAX["01_many_to_one"] + MAX["02_many_to_many"] + MAX["08_training"]
    check_katas(
        gradebook,
        "full",
        {
            "01_many_to_one": (MAX["01_many_to_one"], "ok"),
            "02_many_to_many": (MAX["02_many_to_many"], "ok"),
            "08_training": (MAX["08_training"], "ok"),
        },
    )
    assert results["full"]["score"] == results["full"]["max_score"] == sum(MAX.values())


def test_untouched_stubs_get_zero_and_each_test_says_what_to_write(graded_class):
    gradebook, results, _, _ = graded_class
    assert int(gradebook["stubs"]["total"]) == 0
    assert int(gradebook["stubs"]["max"]) == sum(MAX.values())
    assert all("is not implemented yet" in test["output"] for test in results["stubs"]["tests"])


def test_one_wrong_kata_loses_only_its_own_points(graded_class, tmp_path):
    gradebook, results, _, _ = graded_class
    # The same file in a plain pytest run scores exactly what the grader gave it.
    folder = tmp_path / "impl" / "01_many_to_one"
    folder.mkdir(parents=True)
    shutil.copyfile(WRONG_01, folder / "many_to_one.py")
    plain = run_kata_tests("katas/01_many_to_one", f"--impl={tmp_path / 'impl'}", "--kata-seed=3", tmp_path=tmp_path)
    lost = sum(
        test["max_score"]
        for test in results["one_wrong"]["tests"]
        if test["name"].startswith("01_many_to_one") and test["status"] == "failed"
    )
    plain_failed = {name for name, outcome in plain.tests.items() if outcome.outcome == "failed"}
    graded_failed = {
        test["name"].split("::")[-1] for test in results["one_wrong"]["tests"] if test["status"] == "failed"
    }
    assert graded_failed == plain_failed and lost > 0
    check_katas(
        gradebook,
        "one_wrong",
        {
            "01_many_to_one": (MAX["01_many_to_one"] - lost, "ok"),
            "02_many_to_many": (MAX["02_many_to_many"], "ok"),
            "08_training": (MAX["08_training"], "ok"),
        },
    )


@pytest.mark.parametrize(
    "student, phrase",
    [("syntax_error", "syntax error"), ("import_raises", "importing 01_many_to_one/many_to_one.py raised")],
)
def test_a_file_that_cannot_be_imported_scores_zero_for_its_kata_only(graded_class, student, phrase):
    gradebook, results, _, _ = graded_class
    check_katas(
        gradebook,
        student,
        {
            "01_many_to_one": (0, "error"),
            "02_many_to_many": (MAX["02_many_to_many"], "ok"),
            "08_training": (MAX["08_training"], "ok"),
        },
    )
    first = next(test for test in results[student]["tests"] if test["name"].startswith("01"))
    assert phrase in first["output"]


@pytest.mark.parametrize(
    "student, status, phrase",
    [
        ("endless_loop", "timeout", "steps_per_epoch() did not return"),
        ("memory_hog", "crash", "MB of memory, over the limit"),
    ],
)
def test_a_runaway_function_costs_only_the_tests_that_call_it(graded_class, student, status, phrase):
    gradebook, results, _, _ = graded_class
    steps_points = points_of(results, student, "08_training", STEPS_TESTS)
    assert steps_points > 0
    check_katas(
        gradebook,
        student,
        {
            "01_many_to_one": (MAX["01_many_to_one"], "ok"),
            "02_many_to_many": (MAX["02_many_to_many"], "ok"),
            "08_training": (MAX["08_training"] - steps_points, status),
        },
    )
    for test in results[student]["tests"]:
        if STEPS_TESTS in test["name"]:
            assert test["status"] == "failed" and phrase in test["output"], test
        else:
            assert test["status"] == "passed", test


def test_a_cheater_scores_zero_for_the_cheated_katas_and_nothing_else_moves(graded_class):
    gradebook, results, _, root = graded_class
    check_katas(
        gradebook,
        "cheater",
        {"01_many_to_one": (0, "ok"), "02_many_to_many": (0, "crash"), "08_training": (MAX["08_training"], "ok")},
    )
    assert "conftest.py" in results["cheater"]["extra_data"]["stray_files"]
    # os._exit(0) in the child reads as a crash of the call, not as a pass.
    exits = [test for test in results["cheater"]["tests"] if test["name"].startswith("02")]
    assert all("stopped the process" in test["output"] for test in exits)
    # The other students' grades are those of the plain situations, whatever the cheater wrote.
    assert int(gradebook["full"]["total"]) == sum(MAX.values())


def test_a_missing_submission_scores_zero_and_says_not_submitted(graded_class):
    gradebook, results, _, _ = graded_class
    check_katas(gradebook, "not_submitted", {kata: (0, "not submitted") for kata in GRADED})
    assert results["not_submitted"]["extra_data"]["stray_files"] == ["notes.txt"]
    assert "not submitted" in results["not_submitted"]["tests"][0]["output"]


def test_results_carry_what_a_regrade_needs(graded_class):
    _, results, output, _ = graded_class
    extra = results["full"]["extra_data"]
    assert extra["seed"] == 3 and extra["grader_version"].startswith("2+")
    assert extra["confinement"]["student"]["landlock_abi"] or extra["confinement"]["student"]["unconfined"]
    assert set(extra["sha256"]) == set(GRADED) and all(len(digest) == 64 for digest in extra["sha256"].values())
    for result in results.values():
        assert set(result) >= {"score", "max_score", "execution_time", "tests"}
        assert all(
            set(test) >= {"name", "score", "max_score", "status", "output", "visibility"} for test in result["tests"]
        )
    students = len(results)  # one results file per student, hostile names included
    assert students == 9 + len(HOSTILE_NAMES) + 1
    assert f"[{students}/{students}]" in output and f"Graded {students} students" in output


def test_gradescope_mode_grades_the_autograder_submission(tmp_path):
    """Gradescope puts the student's files in /autograder/submission, here as module files
    with no kata folders, and reads /autograder/results/results.json."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / "01_many_to_one" / "many_to_one.py", root / "submission" / "many_to_one.py")
    (root / "submission" / "notes.md").write_text("my notes")
    done = run_grader(
        "--gradescope",
        "--gradescope-root",
        str(root),
        "--katas",
        "01,02",
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads((root / "results" / "results.json").read_text())
    assert (result["score"], result["max_score"]) == (
        MAX["01_many_to_one"],
        MAX["01_many_to_one"] + MAX["02_many_to_many"],
    )
    assert result["extra_data"]["katas"]["02_many_to_many"]["status"] == "not submitted"
    assert result["extra_data"]["stray_files"] == ["notes.md"]


def test_a_grader_told_to_stop_ends_every_process_and_group_and_writes_no_gradebook(tmp_path):
    """SIGTERM (as Ctrl-C) in the middle of a class: the runs under way end with their processes
    and their cgroups, and no gradebook is written from half a class."""
    require_end_to_end("the grader")
    students = tmp_path / "students"
    for name in ("first", "second", "third"):
        (students / name / "01_many_to_one").mkdir(parents=True)
        shutil.copy(SOLUTIONS / "01_many_to_one" / "many_to_one.py", students / name / "01_many_to_one")
    processes.become_subreaper()
    already = set(processes.descendants(os.getpid()))
    grader = subprocess.Popen(
        [sys.executable, "-m", "grader", str(students), "--out", str(tmp_path / "out"), "--katas", "01", "--jobs", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    assert grader.stdout.readline().startswith("Grading 3 students")  # collected: the runs start now
    time.sleep(3)
    grader.send_signal(signal.SIGTERM)
    _, errors = grader.communicate(timeout=60)
    left = [pid for pid in processes.descendants(os.getpid()) if pid not in already]
    for pid in left:
        processes.signal_quietly(pid, signal.SIGKILL)
        processes.reap(pid, patience=0.1)
    hierarchy, _ = cgroups.find()
    groups = (
        []
        if hierarchy is None
        else [path for folder in set(hierarchy.folders.values()) for path in folder.glob(f"kata-{grader.pid}-*")]
    )
    assert grader.returncode == 1 and "stopped; every process it started has ended" in errors, errors[-2000:]
    assert left == [] and groups == []
    assert not (tmp_path / "out" / "gradebook.csv").exists()
