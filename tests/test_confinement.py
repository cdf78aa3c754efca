"""The grader's walls, one at a time: Landlock (kata_runtime/landlock.py, kata_runtime/confinement.py),
process trees (kata_sandbox/processes.py), what the trusted side will read back (kata_runtime/wire.py) and
how the referee reads submissions and writes the gradebook (grader/submissions.py, grader/scoring.py).

Each confinement check runs in a fresh process that confines itself and reports what the kernel
let it do, so these tests never confine the test process itself.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from kata_runs import REPO

sys.path.insert(0, str(REPO))
from grader import names, scoring, settings, submissions, trusted_run  # noqa: E402
from kata_runtime import allowlist, landlock, wire  # noqa: E402
from kata_sandbox import processes  # noqa: E402

needs_landlock = pytest.mark.skipif(landlock.abi_version() < 1, reason="Landlock is not available on this machine")


def run_confined(tmp_path, body, **values):
    """Run `body` in a fresh Python that first confines itself to read tmp_path/readable and
    write tmp_path/writable; return what it printed as JSON."""
    (tmp_path / "readable").mkdir(exist_ok=True)
    (tmp_path / "writable").mkdir(exist_ok=True)
    (tmp_path / "readable" / "lesson.txt").write_text("readable")
    (tmp_path / "outside.txt").write_text("secret")
    script = (
        textwrap.dedent("""
        import json, os, socket, sys
        sys.path.insert(0, {repo!r})
        from kata_runtime import confinement
        applied = confinement.confine([{readable!r}], [{writable!r}], hidden=[{hidden!r}, {repo!r}])
        seen = {{"applied": applied.as_record()}}

        def attempt(name, action):
            try:
                action()
                seen[name] = "allowed"
            except OSError as error:
                seen[name] = "denied"
    """).format(
            repo=str(REPO),
            readable=str(tmp_path / "readable"),
            writable=str(tmp_path / "writable"),
            hidden=str(tmp_path / "outside.txt"),
        )
        + textwrap.dedent(body).format(**values)
        + "\nprint(json.dumps(seen))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_landlock
def test_a_confined_process_reads_and_writes_only_where_it_is_allowed(tmp_path):
    seen = run_confined(
        tmp_path,
        """
        attempt("read_allowed", lambda: open({readable!r}).read())
        attempt("read_outside", lambda: open({outside!r}).read())
        attempt("read_repository", lambda: open({solution!r}).read())
        attempt("write_readable", lambda: open({readable!r}, "a"))
        attempt("write_allowed", lambda: open({writable!r}, "w").write("ok"))
        attempt("write_tmp", lambda: open("/tmp/kata-confinement-check", "w"))
    """,
        readable=str(tmp_path / "readable" / "lesson.txt"),
        outside=str(tmp_path / "outside.txt"),
        solution=str(REPO / "solutions" / "01_many_to_one" / "many_to_one.py"),
        writable=str(tmp_path / "writable" / "scratch.txt"),
    )
    assert seen["applied"]["landlock_abi"] >= 1 and seen["applied"]["filesystem"]
    assert (seen["read_allowed"], seen["write_allowed"]) == ("allowed", "allowed")
    assert {seen[name] for name in ("read_outside", "read_repository", "write_readable", "write_tmp")} == {"denied"}


@needs_landlock
def test_a_process_started_after_confinement_is_confined_too(tmp_path):
    seen = run_confined(
        tmp_path,
        """
        import subprocess
        code = subprocess.run([sys.executable, "-c", "open({outside!r}).read()"], capture_output=True).returncode
        seen["grandchild_read_outside"] = "allowed" if code == 0 else "denied"
    """,
        outside=str(tmp_path / "outside.txt"),
    )
    assert seen["grandchild_read_outside"] == "denied"


@needs_landlock
@pytest.mark.skipif(landlock.abi_version() < 4, reason="TCP rules need Landlock ABI 4")
def test_a_confined_process_opens_no_tcp_socket(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as server:
        seen = run_confined(
            tmp_path,
            """
            attempt("connect", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=2))
            attempt("bind", lambda: socket.create_server(("127.0.0.1", 0)))
        """,
            port=server.getsockname()[1],
        )
    assert (seen["connect"], seen["bind"]) == ("denied", "denied")


@needs_landlock
def test_a_confined_process_cannot_reach_the_processes_above_it(tmp_path):
    """No signal (ABI 6), no /proc/<pid>/fd, cwd or mem of a process outside the domain, and
    no capability left, even when run as root."""
    seen = run_confined(
        tmp_path,
        """
        parent = os.getppid()
        attempt("signal", lambda: os.kill(parent, 0))
        attempt("fd", lambda: os.open("/proc/%d/fd/0" % parent, os.O_RDONLY))
        attempt("cwd", lambda: os.listdir("/proc/%d/cwd" % parent))
        attempt("mem", lambda: open("/proc/%d/mem" % parent, "rb"))
        status = open("/proc/self/status").read()
        held = [line for line in status.splitlines() if line.startswith(("CapEff", "CapPrm"))]
        seen["capabilities"] = [line.split()[1] for line in held]
    """,
    )
    assert (seen["fd"], seen["cwd"], seen["mem"]) == ("denied", "denied", "denied")
    if landlock.abi_version() >= 6:
        assert seen["signal"] == "denied"
    assert set(seen["capabilities"]) == {"0000000000000000"}


def test_restrict_without_landlock_says_why():
    with pytest.raises(landlock.LandlockUnavailable):
        landlock.restrict(abi=0)


def test_the_grader_refuses_to_start_without_landlock_unless_told(monkeypatch, capsys):
    monkeypatch.setattr(landlock, "why_unavailable", lambda: "the kernel has no Landlock system calls")
    with pytest.raises(SystemExit) as stopped:
        settings.confinement_or_exit(unconfined=False)
    assert "cannot confine students' code" in str(stopped.value) and "--unconfined" in str(stopped.value)
    assert settings.confinement_or_exit(unconfined=True) == {"landlock_abi": None, "unconfined": True}


def test_a_rule_never_opens_a_folder_above_a_hidden_one(tmp_path):
    from kata_runtime import confinement

    hidden = tmp_path / "repository"
    kept = confinement.without_ancestors_of([str(tmp_path), str(hidden), str(hidden / ".venv"), "/usr/lib"], [hidden])
    assert kept == [str((hidden / ".venv").resolve()), "/usr/lib"]


# --------------------------------------------------------------------------- process trees


def test_ending_a_tree_ends_a_double_forked_setsid_daemon():
    """The daemon escapes its process group and session; as a subreaper's descendant it is
    still found and ended."""
    script = textwrap.dedent(
        """
        import os, sys, time
        sys.path.insert(0, %r)
        from kata_sandbox import processes
        processes.become_subreaper()
        child = os.fork()
        if child == 0:
            if os.fork() == 0:
                os.setsid()
                time.sleep(60)
            os._exit(0)
        os.waitpid(child, 0)
        time.sleep(0.3)
        left = processes.descendants(os.getpid())
        killed = processes.end_orphans()
        print(len(left), killed, len(processes.descendants(os.getpid())))
    """
        % str(REPO)
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == ["1", "1", "0"], done.stdout + done.stderr


def test_a_sweep_reaps_hundreds_of_zombies_at_once_and_leaves_none():
    """A student forks 300 children that exit and are never reaped; their parent ends, and they
    are handed to the subreaper as zombies. One sweep reaps them all, in one look at /proc."""
    script = textwrap.dedent(
        """
        import os, sys, time
        sys.path.insert(0, %r)
        from kata_sandbox import processes
        processes.become_subreaper()
        child = os.fork()
        if child == 0:
            for _ in range(300):
                if os.fork() == 0:
                    os._exit(0)
            os._exit(0)
        os.waitpid(child, 0)
        time.sleep(0.5)
        me = os.getpid()
        zombies = sum(1 for parent, _, state in processes.parents().values() if parent == me and state == b"Z")
        started = time.monotonic()
        swept = processes.end_orphans()
        took = time.monotonic() - started
        print(zombies, swept, len(processes.descendants(me)), took < 2)
    """
        % str(REPO)
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["300", "300", "0", "True"], done.stdout + done.stderr


def trusted_stand_in(code):
    """A process started as the referee starts a trusted run, running `code`."""
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )


def test_the_referee_stops_a_trusted_run_over_its_memory_limit(monkeypatch):
    monkeypatch.setattr(trusted_run, "TRUSTED_MEMORY_LIMIT_MB", 100)
    process = trusted_stand_in("import time; hoard = bytearray(300 * 2**20); time.sleep(60)")
    read, write = os.pipe()
    try:
        report, _, problem = trusted_run.watch(process, read, process.stdout.fileno(), timeout=30)
    finally:
        processes.end_tree(process.pid, reap_root=False)
        process.wait()
        os.close(write)
        os.close(read)
    assert "MB of memory, over the limit of 100 MB" in problem


def test_the_referee_stops_waiting_for_pipes_a_leftover_process_holds_open(monkeypatch):
    """The trusted run exits, but a process it left behind holds its output pipe: the
    referee gives up after the grace period instead of waiting forever."""
    monkeypatch.setattr(trusted_run, "PIPE_GRACE_SECONDS", 1)
    processes.become_subreaper()
    process = trusted_stand_in("import os, time\nif os.fork() == 0:\n    time.sleep(60)\n")
    read, write = os.pipe()
    os.close(write)
    started = time.monotonic()
    try:
        _, _, problem = trusted_run.watch(process, read, process.stdout.fileno(), timeout=30)
    finally:
        processes.end_orphans()
        process.wait()
        os.close(read)
    assert "held the grading run's pipes open" in problem and time.monotonic() - started < 10


# --------------------------------------------------------------------------- what crosses back


def message(payload, arrays=()):
    return wire.pack(payload, arrays)


def test_a_reply_is_read_whole_a_chunk_at_a_time():
    data = message({"result": {"array": 0, "scalar": False}}, [np.arange(6, dtype=np.float32).reshape(2, 3)])
    reader = wire.MessageReader()
    results = [reader.feed(data[index : index + 5]) for index in range(0, len(data), 5)]
    payload, arrays = results[-1]
    assert all(result is None for result in results[:-1])
    assert payload["result"]["array"] == 0 and arrays[0].shape == (2, 3)


@pytest.mark.parametrize(
    "declared, why",
    [
        (wire.HEADER.pack(wire.HEADER_BYTES_LIMIT + 1, 0), "header"),
        (wire.HEADER.pack(2, wire.REPLY_ARRAYS_LIMIT + 1), "arrays"),
        (wire.HEADER.pack(2, 1) + b"{}" + wire.LENGTH.pack(wire.REPLY_BYTES_LIMIT), "more than"),
    ],
)
def test_a_reply_that_declares_too_much_is_refused_before_it_is_read(declared, why):
    with pytest.raises(wire.RefusedData, match=why):
        wire.MessageReader().feed(declared)


def test_an_array_whose_header_lies_about_its_size_is_refused():
    lying = message({}, [np.zeros(4)]).replace(b"(4,)", b"(5,)")
    with pytest.raises(wire.RefusedData, match="header says"):
        wire.MessageReader().feed(lying)


@pytest.mark.parametrize(
    "entry, why",
    [
        ({"module": "keras.src.kata_hostile_marker", "class_name": "Dense", "config": {}}, "not a built-in"),
        ({"module": "keras.layers", "class_name": "Lambda", "config": {}}, "Lambda"),
        (
            {"module": "keras.layers", "class_name": "Dense", "registered_name": "mine>Dense", "config": {}},
            "custom object",
        ),
        ({"module": "builtins", "class_name": "function", "config": "eval"}, "not a Keras loss"),
        ({"module": "keras.src.ops.numpy", "class_name": "Where", "config": {}}, "not a built-in"),
    ],
)
def test_only_the_classes_the_katas_use_are_rebuilt(entry, why):
    config = {
        "module": "keras",
        "class_name": "Sequential",
        "config": {"layers": [{"module": "keras.layers", "class_name": "TimeDistributed", "config": {"layer": entry}}]},
    }
    with pytest.raises(wire.RefusedData, match=why):
        allowlist.check_classes(config)


# --------------------------------------------------------------------------- submissions and outputs


def test_links_anywhere_in_a_students_folder_are_refused(tmp_path):
    student = tmp_path / "student"
    (student / "01_many_to_one").mkdir(parents=True)
    os.symlink(REPO / "solutions" / "01_many_to_one" / "many_to_one.py", student / "01_many_to_one" / "many_to_one.py")
    os.symlink(REPO / "solutions", student / "notes")
    submission = submissions.read_submission("student", student, {"01_many_to_one": "many_to_one.py"})
    assert submission.files == {}
    assert submission.refused_katas == {"01_many_to_one"}
    assert set(submission.refused) == {"01_many_to_one/many_to_one.py", "notes"}
    os.symlink(student, tmp_path / "linked_student")
    linked = submissions.read_submission(
        "linked_student", tmp_path / "linked_student", {"01_many_to_one": "many_to_one.py"}
    )
    assert linked.files == {} and linked.refused_katas == {"01_many_to_one"}


def test_an_oversized_module_is_refused_and_a_normal_one_is_hashed_once(tmp_path):
    modules = {"01_many_to_one": "many_to_one.py", "02_many_to_many": "many_to_many.py"}
    (tmp_path / "01_many_to_one").mkdir()
    (tmp_path / "01_many_to_one" / "many_to_one.py").write_bytes(b"#" * (submissions.MODULE_BYTES_LIMIT + 1))
    (tmp_path / "02_many_to_many").mkdir()
    (tmp_path / "02_many_to_many" / "many_to_many.py").write_text("x = 1\n")
    submission = submissions.read_submission("student", tmp_path, modules)
    assert (
        submission.refused_katas == {"01_many_to_one"}
        and "larger than" in submission.refused["01_many_to_one/many_to_one.py"]
    )
    assert submission.files == {"02_many_to_many": b"x = 1\n"} and len(submission.hashes["02_many_to_many"]) == 64


@pytest.mark.parametrize(
    "name, shown",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("alice", "alice"),
        (" =1+1", "' =1+1"),
        ("\n=1+1", "'\\n=1+1"),
        ("\uff1dSUM(1)", "'\uff1dSUM(1)"),
        ("\tx", "'\\tx"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
    ],
)
def test_gradebook_cells_never_read_as_formulas_nor_carry_escapes(name, shown):
    assert names.spreadsheet_safe(name) == shown


def test_a_name_reaches_the_terminal_with_its_escapes_written_out():
    assert names.shown("a\x1b]0;owned\x07\u202eb\udcff") == "a\\x1b]0;owned\\x07\\u202eb\\udcff"
    assert names.shown("Zoë Müller") == "Zoë Müller"


def test_a_results_file_is_named_plainly_and_boundedly_and_two_names_never_share_one():
    assert names.file_name("alice_2") == "alice_2"
    long, odd = "n" * 252, "\x1b[2Jclear"
    assert len(names.file_name(long) + ".json") < 100 and names.file_name(long).startswith("n" * 64)
    assert names.file_name(odd) != names.file_name("\x1b[3Jclear") and "\x1b" not in names.file_name(odd)
    assert names.file_name("..") not in ("..", "") and "/" not in names.file_name("a/b")


def test_a_tree_too_deep_is_refused_with_a_reason_and_the_rest_is_read(tmp_path):
    modules = {"01_many_to_one": "many_to_one.py"}
    (tmp_path / "01_many_to_one").mkdir()
    (tmp_path / "01_many_to_one" / "many_to_one.py").write_text("x = 1\n")
    # 1,100 folders, past Python's recursion limit, made and removed one at a time: os.makedirs
    # and shutil.rmtree would recurse as deep.
    folders = [os.path.join(tmp_path, *["d"] * depth) for depth in range(1, 1101)]
    for folder in folders:
        os.mkdir(folder)
    try:
        submission = submissions.read_submission("student", tmp_path, modules)
    finally:
        for folder in reversed(folders):
            os.rmdir(folder)
    assert submission.files == {"01_many_to_one": b"x = 1\n"}
    too_deep = "/".join(["d"] * (submissions.TREE_DEPTH_LIMIT + 1))
    assert "deeper than" in submission.refused[too_deep]


def test_long_test_output_is_cut_and_says_so():
    text = scoring.cut("x" * 100_000)
    assert len(text) < scoring.OUTPUT_LIMIT + 100 and text.endswith("more characters cut]")


@needs_landlock
def test_a_hidden_process_keeps_its_environment_from_a_confined_child():
    """The referee and the trusted process are not dumpable: a confined child, which has no
    capability left, cannot read their environ or maps, even when all run as root."""
    script = textwrap.dedent(
        """
        import os, sys, tempfile
        sys.path.insert(0, %r)
        from kata_sandbox import processes
        from kata_runtime import confinement
        processes.hide_from_other_processes()
        scratch = tempfile.mkdtemp()
        child = os.fork()
        if child == 0:
            confinement.confine([], [scratch], hidden=[%r])
            seen = []
            for name in ("environ", "maps"):
                try:
                    open("/proc/%%d/%%s" %% (os.getppid(), name), "rb").read()
                    seen.append(name + " allowed")
                except OSError:
                    seen.append(name + " denied")
            print(" ".join(seen), flush=True)
            os._exit(0)
        os.waitpid(child, 0)
    """
        % (str(REPO), str(REPO))
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == ["environ", "denied", "maps", "denied"], done.stdout + done.stderr
