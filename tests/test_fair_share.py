"""A student graded beside an attacker keeps its time, and where namespaces are missing the
layers below them still end everything a student started.

Each class is one `python -m grader` run of kata 01, two students at a time: an attacker from
tests/submissions/hostile/ and the reference solution, whose grading time is compared with its
time beside another copy of the reference solution. The same attackers are then graded in one
class with the reference, with `--without namespaces,cgroups`, as on a machine that offers
neither: the sweeps of orphans, the worker's reaping and the seccomp filter must leave no
process and no zombie behind.
"""

import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from kata_runs import REPO, SOLUTIONS, SUBMISSIONS, grade_class

sys.path.insert(0, str(REPO))
from kata_runtime import landlock  # noqa: E402
from kata_sandbox import processes  # noqa: E402

pytestmark = [
    pytest.mark.end_to_end,
    # It compares grading times: nothing else may run beside it.
    pytest.mark.alone,
    pytest.mark.timeout(900),
    pytest.mark.skipif(landlock.abi_version() < 1, reason="Landlock is not available on this machine"),
]

KATA, MODULE = "01_many_to_one", "many_to_one.py"
FULL_MARKS = 37
# How much slower a student's grading may be beside an attacker than beside an honest student:
# a factor, and the seconds that ending the attacker's processes at the end of the run may add
# whatever the run's length (a warm-started kata 01 grades in about 3 s).
SLOWDOWN_LIMIT = 1.5
SWEEP_SECONDS = 2.0
NEIGHBOURS = ("spins_the_cpu", "leaves_zombies", "hops_between_processes")


def grade_class_of(tmp_path_factory, name, neighbours, *options):
    """Grade the reference solution beside `neighbours` (attackers' names, or None for another
    copy of the reference); return (results by student, processes the run left behind)."""
    root = tmp_path_factory.mktemp(name)
    students, out = root / "students", root / "out"
    (students / "reference" / KATA).mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / KATA / MODULE, students / "reference" / KATA / MODULE)
    for neighbour in neighbours:
        (students / (neighbour or "neighbour") / KATA).mkdir(parents=True)
        source = SOLUTIONS / KATA / MODULE if neighbour is None else SUBMISSIONS / "hostile" / f"{neighbour}.py"
        shutil.copyfile(source, students / (neighbour or "neighbour") / KATA / MODULE)
    processes.become_subreaper()
    already = set(processes.descendants(os.getpid()))
    done = grade_class(students, out, "01", 5, *options, timeout=600)
    left = [pid for pid in processes.descendants(os.getpid()) if pid not in already]
    for pid in left:
        processes.signal_quietly(pid, signal.SIGKILL)
        processes.reap(pid, patience=0.1)
    assert done.returncode == 0, done.stdout + done.stderr
    results = {path.stem: json.loads(path.read_text()) for path in Path(out, "results").glob("*.json")}
    return results, left


def grade_beside(tmp_path_factory, neighbour):
    """The reference solution graded beside one neighbour, two students at a time."""
    results, left = grade_class_of(tmp_path_factory, neighbour or "honest", [neighbour])
    if neighbour is not None:
        results["neighbour"] = results.pop(neighbour)
    return results, left


@pytest.fixture(scope="module")
def honest_time(tmp_path_factory):
    results, _ = grade_beside(tmp_path_factory, None)
    assert results["reference"]["score"] == FULL_MARKS
    return results["reference"]["execution_time"]


@pytest.mark.parametrize("neighbour", NEIGHBOURS)
def test_a_student_beside_an_attacker_keeps_its_points_and_its_time(tmp_path_factory, honest_time, neighbour):
    results, left = grade_beside(tmp_path_factory, neighbour)
    assert left == []
    assert results["reference"]["score"] == FULL_MARKS and results["neighbour"]["score"] == 0
    seconds = results["reference"]["execution_time"]
    print(f"beside {neighbour}: {seconds:.1f} s; beside an honest student: {honest_time:.1f} s")
    assert seconds <= SLOWDOWN_LIMIT * honest_time + SWEEP_SECONDS, (
        f"graded beside {neighbour}, the reference took {seconds:.1f} s, against {honest_time:.1f} s "
        f"beside an honest student: more than {SLOWDOWN_LIMIT}x and {SWEEP_SECONDS:g} s"
    )


UNSHIELDED = [*NEIGHBOURS, "outlives_the_deadline"]


@pytest.fixture(scope="module")
def graded_without_namespaces_or_cgroups(tmp_path_factory):
    """One class: the reference and every attacker, graded with --without namespaces,cgroups."""
    return grade_class_of(tmp_path_factory, "unshielded", UNSHIELDED, "--without", "namespaces,cgroups")


@pytest.mark.parametrize("neighbour", UNSHIELDED)
def test_without_namespaces_or_cgroups_the_sweeps_still_end_every_process(
    graded_without_namespaces_or_cgroups, neighbour
):
    results, left = graded_without_namespaces_or_cgroups
    assert left == [], f"{len(left)} processes or zombies outlived the grader, in a class with {neighbour}"
    assert results["reference"]["score"] == FULL_MARKS and results[neighbour]["score"] == 0
    confinement = results[neighbour]["extra_data"]["confinement"]
    assert confinement["student"]["namespaces"] is None and confinement["student"]["seccomp"], confinement
    assert confinement["group"] == {"cgroup": None, "cgroup_refused": "left out"}
