"""The grader against students who attack it instead of solving the kata.

One `python -m grader` run, two students at a time, grades a class of kata 01 submissions:
one attacker per class of attack in tests/submissions/hostile/, a student whose kata folder is
a link to the reference solution, and two honest victims graded beside them (the reference
solution and the untouched stub). Each attacker is handed the paths it would find in
/proc/<pid>/cmdline, so the defence that holds is the kernel's, not obscurity.

For every attack: the attacker scores 0, the victims score what they score alone, the
repository's tracked files, the virtual environment's site-packages and OUT are the same 15 s
after the grader returns as before (OUT: as when it returned), no process of the run is left,
no marker was written anywhere, and every results file is small.
"""

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from kata_runs import KATAS, REPO, SOLUTIONS, SUBMISSIONS, shipped_stub

sys.path.insert(0, str(REPO))
from grader import processes  # noqa: E402
from kata_runtime import landlock  # noqa: E402

pytestmark = [
    pytest.mark.timeout(900),
    pytest.mark.skipif(landlock.abi_version() < 1, reason="Landlock is not available on this machine"),
]

HOSTILE = SUBMISSIONS / "hostile"
ATTACKERS = sorted(path.stem for path in HOSTILE.glob("*.py"))
KATA, MODULE = "01_many_to_one", "many_to_one.py"
MARKER = "kata_hostile_marker"
SETTLE_SECONDS = 15
RESULT_BYTES_LIMIT = 2**20
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])


def tracked_files_digest():
    """A hash of every tracked file's content as it is on disk now."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    digest = hashlib.sha256()
    for name in sorted(filter(None, names)):
        path = REPO / name.decode()
        digest.update(name)
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def listing(folder):
    """Every path under `folder`, with size and modification time."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        try:
            info = path.lstat()
        except OSError:
            continue
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def site_packages_listing():
    """The top level of site-packages and all of keras/src: where a planted file would go."""
    return {"top": sorted(os.listdir(SITE_PACKAGES)), "keras": listing(SITE_PACKAGES / "keras" / "src")}


def markers_anywhere(places):
    """Files whose name holds the marker, under any of `places`; removed once found."""
    found = []
    for place in places:
        for path in Path(place).rglob(f"*{MARKER}*") if Path(place).is_dir() else []:
            found.append(str(path))
            path.unlink(missing_ok=True)
    return found


def marked_processes():
    """Processes still alive whose command line holds the marker."""
    alive = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and processes.alive(int(entry.name)):
            try:
                command = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue
            if MARKER.encode() in command:
                alive.append((int(entry.name), command[:200]))
    return alive


def left_by_the_grader(already):
    """Processes below this one that are alive and were not there before the grader ran."""
    return [pid for pid in processes.descendants(os.getpid()) if pid not in already and processes.alive(pid)]


def with_known_paths(source, known):
    return source.replace("KNOWN = {}", f"KNOWN = {known!r}", 1)


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    students, out = root / "students", root / "out"
    known = {"repository": str(REPO), "site_packages": str(SITE_PACKAGES), "out": str(out),
             "submissions": str(students)}
    for name in ATTACKERS:
        (students / name / KATA).mkdir(parents=True)
        (students / name / KATA / MODULE).write_text(with_known_paths((HOSTILE / f"{name}.py").read_text(), known))
    (students / "links_to_the_solution").mkdir()
    os.symlink(SOLUTIONS / KATA, students / "links_to_the_solution" / KATA)
    (students / "reference" / KATA).mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / KATA / MODULE, students / "reference" / KATA / MODULE)
    (students / "stubs" / KATA).mkdir(parents=True)
    (students / "stubs" / KATA / MODULE).write_text(shipped_stub(KATAS / KATA / MODULE))
    before = {"repository": tracked_files_digest(), "site_packages": site_packages_listing()}
    processes.become_subreaper()  # whatever the grader leaves behind is handed to this process
    # The self-tests' own helpers (such as tests/pytest_server.py) were there before the grader.
    already = set(processes.descendants(os.getpid()))
    done = subprocess.run(
        [sys.executable, "-m", "grader", str(students), "--out", str(out), "--katas", "01", "--jobs", "2",
         "--timeout", "5", "--memory-limit", "1500", "--seed", "5"],
        cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=800,
    )
    returned = {"out": listing(out), "left": left_by_the_grader(already)}
    time.sleep(SETTLE_SECONDS)
    after = {"repository": tracked_files_digest(), "site_packages": site_packages_listing(), "out": listing(out),
             "left": left_by_the_grader(already),
             "marked": marked_processes()}
    for pid in after["left"]:
        processes.signal_quietly(pid, signal.SIGKILL)
    for pid, _ in after["marked"]:
        processes.signal_quietly(pid, signal.SIGKILL)
    markers = markers_anywhere([REPO, SITE_PACKAGES, out, students, Path.home(), Path(os.environ.get("TMPDIR", "/tmp"))])
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out / "gradebook.csv") as handle:
        gradebook = {row["student"]: row for row in csv.DictReader(handle)}
    results = {path.stem: json.loads(path.read_text()) for path in (out / "results").glob("*.json")}
    return {"gradebook": gradebook, "results": results, "before": before, "returned": returned,
            "after": after, "markers": markers, "out": out, "output": done.stdout}


@pytest.mark.parametrize("attacker", [*ATTACKERS, "links_to_the_solution"])
def test_an_attacker_scores_nothing(hostile_class, attacker):
    row = hostile_class["gradebook"][attacker]
    assert int(row[KATA]) == 0, (attacker, row, hostile_class["results"][attacker]["tests"])


def test_the_victims_score_what_they_score_alone(hostile_class):
    gradebook = hostile_class["gradebook"]
    assert (int(gradebook["reference"][KATA]), gradebook["reference"][f"{KATA} status"]) == (37, "ok")
    assert int(gradebook["stubs"][KATA]) == 0
    assert all("is not implemented yet" in test["output"] for test in hostile_class["results"]["stubs"]["tests"])


def test_a_link_to_the_solution_is_refused(hostile_class):
    result = hostile_class["results"]["links_to_the_solution"]
    assert result["extra_data"]["katas"][KATA]["status"] == "refused"
    assert result["extra_data"]["refused_files"] == {KATA: "a symbolic link"}


def test_nothing_was_written_outside_the_students_own_folders(hostile_class):
    before, after = hostile_class["before"], hostile_class["after"]
    assert hostile_class["markers"] == []
    assert after["repository"] == before["repository"], "a tracked file of the repository changed"
    assert after["site_packages"] == before["site_packages"], "site-packages changed"


def test_out_is_the_same_15_seconds_after_the_grader_returns(hostile_class):
    assert hostile_class["after"]["out"] == hostile_class["returned"]["out"]


def test_no_process_of_the_run_is_left(hostile_class):
    assert hostile_class["returned"]["left"] == []
    assert hostile_class["after"]["left"] == [] and hostile_class["after"]["marked"] == []


def test_every_results_file_is_small(hostile_class):
    sizes = {path.name: path.stat().st_size for path in (hostile_class["out"] / "results").glob("*.json")}
    assert sizes and max(sizes.values()) < RESULT_BYTES_LIMIT, sizes


@pytest.mark.parametrize("attacker, test_part, phrase", [
    ("runs_code_on_the_trusted_side", "test_model_outputs", "kata_hostile_marker"),
    ("exhausts_the_trusted_process", "test_model_outputs", "parameters, more than the"),
    ("exhausts_the_trusted_process", "test_model_outputs", "raised ValueError: xxx"),
    ("exhausts_the_trusted_process", "test_make_windows_returns", "which the grader refuses"),
    ("stalls_the_report", "test_make_windows_returns", "deadline"),
    ("answers_ahead_of_the_question", "test_make_windows_returns", "answers no request"),
])
def test_each_refusal_says_why(hostile_class, attacker, test_part, phrase):
    tests = [test for test in hostile_class["results"][attacker]["tests"] if test_part in test["name"]]
    assert tests and any(phrase in test["output"] for test in tests), [test["output"][:300] for test in tests]


def test_results_record_the_confinement_and_the_seed(hostile_class):
    extra = hostile_class["results"]["reference"]["extra_data"]
    assert extra["seed"] == 5
    assert extra["confinement"]["student"]["landlock_abi"] >= 1
    assert extra["confinement"]["trusted"]["landlock_abi"] >= 1
    assert "confined by Landlock ABI" in hostile_class["output"]
