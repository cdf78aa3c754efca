"""The grader against students who attack it instead of solving the kata.

One `python -m grader` run, two students at a time, grades a class of kata 01 submissions:
one attacker per class of attack in tests/submissions/hostile/, a student whose kata folder is
a link to the reference solution, and two honest victims graded beside them (the reference
solution and the untouched stub). Each attacker is handed the paths it would find in
/proc/<pid>/cmdline, so the defence that holds is the kernel's, not obscurity.

For every attack: the attacker scores 0, the victims score what they score alone, the
repository's tracked files, the virtual environment's site-packages and OUT are the same 15 s
after the grader returns as before (OUT: as when it returned), no process or zombie of the run
is left, no System V object is left in the kernel, no datagram reached the listener whose port
the attackers were given, no marker was written anywhere, and every results file is small.
Where this machine refuses a layer (namespaces), the checks that rest on it say so, and the
layers below must still hold: tests/test_fair_share.py grades without namespaces too.
"""

import csv
import hashlib
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pytest

from kata_runs import KATAS, REPO, SOLUTIONS, SUBMISSIONS, grade_class, shipped_stub

sys.path.insert(0, str(REPO))
from kata_plugin.collection import seed_for  # noqa: E402
from kata_runtime import landlock, namespaces  # noqa: E402
from kata_sandbox import processes  # noqa: E402

pytestmark = [
    pytest.mark.end_to_end,
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
SEED_HELD = 424242  # the seed of the control for the search of a child's memory


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
    """Files whose name holds the marker, under any of `places`; removed once found. The walk
    keeps its own stack, for a folder tree may be deeper than Python's recursion limit, and passes
    over a folder that vanishes or refuses to be read: another run's temporary folders (a class
    with a tree 1,100 folders deep among them) come and go under /tmp while it walks."""
    found, folders = [], [str(place) for place in places]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if MARKER in entry.name:
                found.append(entry.path)
                if not entry.is_dir(follow_symlinks=False):
                    Path(entry.path).unlink(missing_ok=True)
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
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
    """Processes below this one, zombies too, that were not there before the grader ran."""
    return [pid for pid in processes.descendants(os.getpid()) if pid not in already]


def system_v_objects():
    """The ids of every System V shared memory segment, message queue and semaphore set this
    namespace's kernel holds."""
    found = {}
    for kind in ("shm", "msg", "sem"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            lines = []
        found[kind] = sorted(line.split()[1] for line in lines if line.split())
    return found


class DatagramListener:
    """A UDP socket on 127.0.0.1 that keeps whatever reaches it while the class is graded."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received = []
        self.listening = True
        self.thread = threading.Thread(target=self.listen, daemon=True)
        self.thread.start()

    def listen(self):
        while self.listening:
            try:
                self.received.append(self.socket.recv(2**16))
            except OSError:
                continue

    def close(self):
        self.listening = False
        self.thread.join()
        self.socket.close()
        return self.received


def with_known_paths(source, known):
    return source.replace("KNOWN = {}", f"KNOWN = {known!r}", 1)


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    students, out = root / "students", root / "out"
    listener = DatagramListener()
    known = {
        "repository": str(REPO),
        "site_packages": str(SITE_PACKAGES),
        "out": str(out),
        "submissions": str(students),
        "udp_port": listener.port,
    }
    for name in ATTACKERS:
        (students / name / KATA).mkdir(parents=True)
        (students / name / KATA / MODULE).write_text(with_known_paths((HOSTILE / f"{name}.py").read_text(), known))
    # The student it talks to: graded next to it, in the same pair of jobs.
    shutil.copytree(students / "talks_to_another_student", students / "talks_to_another_student_twin")
    (students / "links_to_the_solution").mkdir()
    os.symlink(SOLUTIONS / KATA, students / "links_to_the_solution" / KATA)
    (students / "reference" / KATA).mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / KATA / MODULE, students / "reference" / KATA / MODULE)
    (students / "stubs" / KATA).mkdir(parents=True)
    (students / "stubs" / KATA / MODULE).write_text(shipped_stub(KATAS / KATA / MODULE))
    before = {
        "repository": tracked_files_digest(),
        "site_packages": site_packages_listing(),
        "system_v": system_v_objects(),
    }
    processes.become_subreaper()  # whatever the grader leaves behind is handed to this process
    # The self-tests' own helpers (such as tests/pytest_server.py) were there before the grader.
    already = set(processes.descendants(os.getpid()))
    done = grade_class(students, out, "01", 5, timeout=800)
    returned = {"out": listing(out), "left": left_by_the_grader(already)}
    time.sleep(SETTLE_SECONDS)
    after = {
        "repository": tracked_files_digest(),
        "site_packages": site_packages_listing(),
        "out": listing(out),
        "left": left_by_the_grader(already),
        "system_v": system_v_objects(),
        "marked": marked_processes(),
        "datagrams": listener.close(),
    }
    for pid in after["left"]:
        processes.signal_quietly(pid, signal.SIGKILL)
        processes.reap(pid, patience=0.1)
    for pid, _ in after["marked"]:
        processes.signal_quietly(pid, signal.SIGKILL)
    markers = markers_anywhere(
        [REPO, SITE_PACKAGES, out, students, Path.home(), Path(os.environ.get("TMPDIR", "/tmp"))]
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out / "gradebook.csv") as handle:
        gradebook = {row["student"]: row for row in csv.DictReader(handle)}
    results = {path.stem: json.loads(path.read_text()) for path in (out / "results").glob("*.json")}
    return {
        "gradebook": gradebook,
        "results": results,
        "before": before,
        "returned": returned,
        "after": after,
        "markers": markers,
        "out": out,
        "output": done.stdout,
    }


@pytest.mark.parametrize("attacker", [*ATTACKERS, "talks_to_another_student_twin", "links_to_the_solution"])
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


def test_no_process_or_zombie_of_the_run_is_left(hostile_class):
    assert hostile_class["returned"]["left"] == []
    assert hostile_class["after"]["left"] == [] and hostile_class["after"]["marked"] == []


def test_no_system_v_object_is_left_in_the_kernel(hostile_class):
    assert hostile_class["after"]["system_v"] == hostile_class["before"]["system_v"]


def test_no_datagram_reaches_a_listener_on_this_machine(hostile_class):
    assert hostile_class["after"]["datagrams"] == []


def test_no_student_hears_another(hostile_class):
    """Each channel between two children is refused outright, not merely unused: the two talkers
    need not be graded at the same moment for this to fail."""
    for student in ("talks_to_another_student", "talks_to_another_student_twin"):
        outputs = [
            test["output"] for test in hostile_class["results"][student]["tests"] if "make_windows" in test["name"]
        ]
        assert outputs and not any("received" in output for output in outputs), outputs[:1]
        assert all("msgget refused" in output and "udp refused" in output for output in outputs), outputs[:1]


def test_no_seed_of_a_test_is_in_sight_of_the_student(hostile_class):
    """The child sees no command line or environment that holds a seed, its memory (forked warm
    from the trusted process) holds no pytest argument with the seed, and the seed of each
    request is not the test's: from what it sees, it cannot redraw a test's held-out data."""
    looked = 0
    for test in hostile_class["results"]["reads_the_seed"]["tests"]:
        if "seeds in sight" not in test["output"]:
            continue
        looked += 1
        sight = test["output"].split("seeds in sight: ", 1)[1].split("]", 1)[0]
        assert "cmdline" not in sight and "environ" not in sight, sight
        assert f"request:{seed_for(5, 'katas/' + test['name'])}'" not in sight, sight
        assert "'memory:" not in sight, sight
        assert "request:" in sight  # the attack did look where the seed used to be
        assert "memory scanned:" in sight and "memory scanned:0 MB" not in sight, sight
    assert looked


def test_a_child_forked_warm_holds_no_descriptor_but_its_two_pipes(hostile_class):
    """Not the socket of the server that forks children (which would fork to the student's
    order), nor the trusted process's report pipe or pipe of pytest arguments."""
    outputs = [
        test["output"]
        for test in hostile_class["results"]["uses_inherited_descriptors"]["tests"]
        if "descriptors beyond its pipes" in test["output"]
    ]
    assert outputs and all("descriptors beyond its pipes: []" in output for output in outputs), outputs[:2]


def test_the_memory_search_for_the_seed_finds_one_that_is_there():
    """The control for the search above: in a process that holds the trusted side's pytest
    arguments, the attack finds the seed among them."""
    sys.path.insert(0, str(HOSTILE))
    try:
        attack = importlib.import_module("reads_the_seed")
    finally:
        sys.path.remove(str(HOSTILE))
    held = ["katas/01_many_to_one", "--kata-seed=" + str(SEED_HELD)]
    assert f"memory:{SEED_HELD}" in attack.seeds_in_memory(), held


def test_every_results_file_is_small(hostile_class):
    sizes = {path.name: path.stat().st_size for path in (hostile_class["out"] / "results").glob("*.json")}
    assert sizes and max(sizes.values()) < RESULT_BYTES_LIMIT, sizes


@pytest.mark.parametrize(
    "attacker, test_part, phrase",
    [
        ("runs_code_on_the_trusted_side", "test_model_outputs", "kata_hostile_marker"),
        ("exhausts_the_trusted_process", "test_model_outputs", "parameters, more than the"),
        (
            "exhausts_the_trusted_process",
            "test_model_is_one_forward_lstm_then_a_linear_dense[50]",
            "100,010,000 parameters",
        ),
        (
            "exhausts_the_trusted_process",
            "test_model_is_one_forward_lstm_then_a_linear_dense[12]",
            "10,000,000 values per example",
        ),
        (
            "exhausts_the_trusted_process",
            "test_model_outputs_one_value_per_sequence[10-1-50]",
            "100,010,000 parameters",
        ),
        ("exhausts_the_trusted_process", "test_model_outputs", "raised ValueError: xxx"),
        ("exhausts_the_trusted_process", "test_make_windows_returns", "which the grader refuses"),
        ("stalls_the_report", "test_make_windows_returns", "deadline"),
        ("answers_ahead_of_the_question", "test_make_windows_returns", "answers no request"),
        ("hides_memory_in_a_memfd", "test_make_windows_returns", "memfd_create was refused"),
        ("keeps_a_shared_memory_segment", "test_make_windows_returns", "shmget was refused"),
        ("fills_the_disk", "test_make_windows_returns", "the disk refused more after"),
        ("sends_a_datagram", "test_make_windows_returns", "the datagram was refused"),
        ("spins_the_cpu", "test_make_windows_returns", "deadline"),
    ],
)
def test_each_refusal_says_why(hostile_class, attacker, test_part, phrase):
    tests = [test for test in hostile_class["results"][attacker]["tests"] if test_part in test["name"]]
    assert tests and any(phrase in test["output"] for test in tests), [test["output"][:300] for test in tests]


def test_results_record_the_confinement_and_the_seed(hostile_class):
    extra = hostile_class["results"]["reference"]["extra_data"]
    student, trusted = extra["confinement"]["student"], extra["confinement"]["trusted"]
    assert extra["seed"] == 5
    assert student["landlock_abi"] >= 1 and trusted["landlock_abi"] >= 1
    assert student["seccomp"] and student["file_limit_mb"] > 0
    assert "confined by Landlock ABI" in hostile_class["output"]
    refused = namespaces.refused()
    if refused:  # this machine has no namespaces to give: the record and the header say why
        assert student["namespaces"] is None and student["namespaces_refused"], student
        assert f"no namespaces ({refused})" in hostile_class["output"]
    else:
        assert student["namespaces"] == ["ipc", "net", "pid", "user"], student
        assert trusted["namespaces"] == ["ipc", "mount", "net", "pid", "user"], trusted
        assert trusted["mounts"][0] == "proc", trusted
