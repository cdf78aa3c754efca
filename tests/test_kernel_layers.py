"""The layers under and beside Landlock, one at a time: the seccomp filter
(kata_runtime/seccomp.py), the child's namespaces (kata_runtime/namespaces.py), the size a model
config is measured at before it is built (kata_runtime/shapes.py), a student's cgroup
(grader/cgroups.py), and the warm starts that fork the grader's processes
(kata_sandbox/forkserver.py).

Each kernel check runs in a fresh process that applies the layer to itself and reports what
the kernel let it do, so these tests never confine the test process itself.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap

import keras
import pytest

from kata_runs import REPO

sys.path.insert(0, str(REPO))
from grader import cgroups  # noqa: E402
from kata_runtime import allowlist, namespaces, seccomp, shapes  # noqa: E402
from kata_sandbox import forkserver  # noqa: E402

ATTEMPTS = """
import ctypes, errno, json, os, socket, sys, threading
sys.path.insert(0, {runtime!r})
libc = ctypes.CDLL(None, use_errno=True)
seen = {{}}

def attempt(name, action):
    try:
        result = action()
        seen[name] = "denied" if result == -1 and ctypes.get_errno() == errno.EPERM else "allowed"
    except OSError as error:
        seen[name] = "denied" if error.errno == errno.EPERM else f"failed: {{error}}"

def forked():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)

def threaded():
    thread = threading.Thread(target=lambda: None)
    thread.start()
    thread.join()
"""


def run_fresh(body, **values):
    script = textwrap.dedent(ATTEMPTS).format(runtime=str(REPO / "kata_runtime")) + textwrap.dedent(body).format(
        **values
    )
    done = subprocess.run(
        [sys.executable, "-c", script + "\nprint(json.dumps(seen))\n"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


needs_seccomp = pytest.mark.skipif(seccomp.program() is None, reason="no system call table for this machine")
needs_namespaces = pytest.mark.skipif(
    namespaces.refused() is not None, reason=f"this machine refuses namespaces: {namespaces.refused()}"
)


@needs_seccomp
def test_the_filter_refuses_what_landlock_leaves_open_and_nothing_a_kata_needs():
    seen = run_fresh("""
        import seccomp
        seen["installed"] = seccomp.install()
        attempt("memfd", lambda: os.memfd_create("x"))
        attempt("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
        attempt("udp6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
        attempt("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW))
        attempt("shared memory", lambda: libc.shmget(0, 4096, 0o1000 | 0o600))
        attempt("message queue", lambda: libc.msgget(0, 0o1000 | 0o600))
        attempt("semaphores", lambda: libc.semget(0, 1, 0o1000 | 0o600))
        attempt("new session", os.setsid)
        attempt("new namespace", lambda: libc.unshare(0x08000000))
        add_key = 248 if os.uname().machine == "x86_64" else 217
        attempt("keyring", lambda: libc.syscall(add_key, b"user", b"k", b"v", 1, -3))
        attempt("tcp", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close())
        attempt("unix", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close())
        attempt("socketpair", lambda: [end.close() for end in socket.socketpair()])
        attempt("fork", forked)
        attempt("thread", threaded)
    """)
    assert seen.pop("installed")["seccomp"] > 0
    refused = (
        "memfd",
        "udp",
        "udp6",
        "netlink",
        "shared memory",
        "message queue",
        "semaphores",
        "new session",
        "new namespace",
        "keyring",
    )
    assert {name: seen[name] for name in refused} == dict.fromkeys(refused, "denied")
    assert {name: value for name, value in seen.items() if name not in refused} == dict.fromkeys(
        ("tcp", "unix", "socketpair", "fork", "thread"), "allowed"
    )


@pytest.mark.parametrize("machine", sorted(seccomp.ARCHITECTURES))
def test_the_filter_is_built_for_each_known_architecture_and_covers_every_call(machine):
    instructions = seccomp.program(machine)
    _, numbers = seccomp.ARCHITECTURES[machine]
    assert set(seccomp.DENIED_CALLS) <= set(numbers)
    checked = {k for code, _, _, k in instructions if code == seccomp.JUMP_EQUAL}
    assert {numbers[name] for name in seccomp.DENIED_CALLS} <= checked
    assert instructions[-3:] == [
        (seccomp.RETURN, 0, 0, seccomp.RET_ALLOW),
        (seccomp.RETURN, 0, 0, seccomp.DENIED),
        (seccomp.RETURN, 0, 0, seccomp.NOT_THERE),
    ]


def test_a_machine_without_a_table_gets_no_filter_and_says_so():
    assert seccomp.program("sparc64") is None


@needs_namespaces
def test_a_child_in_its_namespaces_sees_and_reaches_nothing_outside_and_takes_its_processes_with_it():
    seen = run_fresh("""
        import namespaces, time
        record = namespaces.isolate_child(())
        seen["record"] = record
        seen["pid"] = os.getpid()
        datagram = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        attempt("udp to this machine", lambda: datagram.sendto(b"x", ("127.0.0.1", 9)))
        seen["udp to this machine"] = "denied" if seen["udp to this machine"].startswith("failed") else "allowed"
        queues = "/proc/sysvipc/msg"
        seen["system v queues"] = open(queues).read().count("\\n") - 1 if os.path.exists(queues) else 0
        # An orphan that would outlive the run, named so that the test can look for it.
        if os.fork() == 0:
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", "kata_namespace_orphan"])
            os._exit(0)
        time.sleep(0.5)
    """)
    assert seen["record"]["namespaces"] == ["ipc", "net", "pid", "user"]
    assert seen["pid"] == 2  # process 1 is the init that reaps
    assert seen["udp to this machine"] == "denied"
    assert seen["system v queues"] == 0
    left = subprocess.run(["pgrep", "-f", "kata_namespace_orphan"], capture_output=True, text=True).stdout.split()
    assert left == [], "an orphan outlived its namespace"


def test_where_namespaces_are_refused_the_child_says_why_and_goes_on(monkeypatch):
    class Refusing:
        def unshare(self, flags):
            return -1

        def prctl(self, *args):
            return 0

    monkeypatch.setattr(namespaces, "libc", Refusing)
    record = namespaces.isolate_child(())
    assert record["namespaces"] is None and record["namespaces_refused"].startswith("unshare:")


# --------------------------------------------------------------------------- a model's size


def sequential(*layers):
    return keras.Sequential(list(layers))


def attention_model():
    inputs = keras.Input((12, 3))
    states = keras.layers.LSTM(16, return_state=True)(inputs)
    decoded = keras.layers.LSTM(16, return_sequences=True)(
        keras.layers.RepeatVector(5)(states[0]), initial_state=states[1:]
    )
    attended = keras.layers.Attention()([decoded, keras.layers.LSTM(16, return_sequences=True)(inputs)])
    joined = keras.layers.Concatenate()([decoded, attended])
    return keras.Model(inputs, keras.layers.TimeDistributed(keras.layers.Dense(2))(joined))


def masked_model():
    tokens = keras.Input((None,), dtype="int32")
    embedded = keras.layers.Embedding(40, 8, mask_zero=True)(tokens)  # the mask is an operation in the config
    return keras.Model(tokens, keras.layers.Dense(1)(keras.layers.GRU(6)(embedded)))


def nested_model():
    inputs = keras.Input((9, 2))
    return keras.Model(inputs, sequential(keras.Input((9, 2)), keras.layers.LSTM(4), keras.layers.Dense(1))(inputs))


def frame_tagger():
    frame = keras.Input((8, 8, 1))
    maps = keras.layers.MaxPooling2D(2)(keras.layers.Conv2D(4, 3, padding="same", activation="relu")(frame))
    encoder = keras.Model(frame, keras.layers.Flatten()(maps))
    return sequential(
        keras.Input((6, 8, 8, 1)),
        keras.layers.TimeDistributed(encoder),
        keras.layers.LSTM(8, return_sequences=True),
        keras.layers.Dense(5, activation="softmax"),
    )


KATA_LIKE_MODELS = {
    "stacked": lambda: sequential(
        keras.Input((30, 8)), keras.layers.LSTM(32, return_sequences=True), keras.layers.LSTM(16), keras.layers.Dense(1)
    ),
    "bidirectional": lambda: sequential(
        keras.Input((20, 2)),
        keras.layers.Bidirectional(keras.layers.LSTM(8, return_sequences=True)),
        keras.layers.TimeDistributed(keras.layers.Dense(1)),
    ),
    "cells": lambda: sequential(
        keras.Input((10, 4)), keras.layers.RNN([keras.layers.LSTMCell(5), keras.layers.LSTMCell(3)])
    ),
    "convolution": lambda: sequential(
        keras.Input((16, 3)), keras.layers.Conv1D(4, 3), keras.layers.LayerNormalization(), keras.layers.SimpleRNN(5)
    ),
    "flattened": lambda: sequential(
        keras.Input((6, 5)), keras.layers.Flatten(), keras.layers.RepeatVector(4), keras.layers.LSTM(3)
    ),
    "attention": attention_model,
    "masked": masked_model,
    "nested": nested_model,
    "frames": frame_tagger,
    "convolutional lstm": lambda: sequential(
        keras.Input((5, 8, 8, 1)),
        keras.layers.ConvLSTM2D(3, (3, 3), padding="same", return_sequences=True),
        keras.layers.TimeDistributed(keras.layers.GlobalAveragePooling2D()),
        keras.layers.Dense(2),
    ),
}


@pytest.mark.parametrize("name", sorted(KATA_LIKE_MODELS))
def test_a_config_is_measured_at_its_real_size_before_it_is_built(name):
    model = KATA_LIKE_MODELS[name]()
    parameters, largest = shapes.model_size(json.loads(model.to_json()))
    assert model.count_params() <= parameters <= model.count_params() + 4
    assert 0 < largest < allowlist.ACTIVATION_LIMIT


def layer(class_name, **config):
    return {"module": "keras.layers", "class_name": class_name, "config": config}


@pytest.mark.parametrize(
    "layers, measured",
    [
        (
            [layer("InputLayer", batch_shape=[None, 10]), layer("Embedding", input_dim=125_000_000, output_dim=4)],
            (500_000_000, 40),
        ),
        # Widths that a bound read from the config alone adds, and the shapes multiply.
        (
            [layer("InputLayer", batch_shape=[None, 100, 100]), layer("Flatten"), layer("Dense", units=10_000)],
            (100_010_000, 10_000),
        ),
        (
            [layer("InputLayer", batch_shape=[None, 100, 100]), layer("Flatten"), layer("RepeatVector", n=1000)],
            (0, 10_000_000),
        ),
        # A whole model run on every step counts its weights once and its outputs per step.
        (
            [
                layer("InputLayer", batch_shape=[None, 5, 10_000]),
                layer(
                    "TimeDistributed",
                    layer={
                        "module": "keras",
                        "class_name": "Sequential",
                        "config": {
                            "name": "inner",
                            "layers": [layer("InputLayer", batch_shape=[None, 10_000]), layer("Dense", units=10_000)],
                        },
                    },
                ),
            ],
            (100_010_000, 50_000),
        ),
        # An unbuilt model: its first input's width is open, and counts as OPEN_DIMENSION.
        (
            [layer("Dense", units=100_000), layer("Dense", units=100_000)],
            (100_000 * 1001 + 100_000 * 100_001, shapes.OPEN_DIMENSION * 100_000),
        ),
    ],
)
def test_a_model_that_multiplies_its_widths_is_measured_as_wide_as_it_is(layers, measured):
    config = {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": layers}}
    assert shapes.model_size(config) == measured


def test_a_config_whose_shapes_do_not_fit_is_refused_with_its_reason():
    config = {
        "module": "keras",
        "class_name": "Sequential",
        "config": {
            "name": "s",
            "layers": [layer("InputLayer", batch_shape=[None, 6, 5]), layer("Reshape", target_shape=[7, 7])],
        },
    }
    with pytest.raises(shapes.ShapeProblem, match="Reshape layer whose output shape cannot be worked out"):
        shapes.model_size(config)


# --------------------------------------------------------------------------- a cgroup per student


def fake_machine(tmp_path, version):
    """A /proc/self/mountinfo, /proc/self/cgroup and cgroup tree as a host of `version` has them."""
    if version == 1:
        mounts = [
            f"3{index} 31 0:2{index} / {tmp_path}/{name} rw - cgroup cgroup rw,{name}"
            for index, name in enumerate(cgroups.CONTROLLERS)
        ]
        membership = [f"{index}:{name}:/class" for index, name in enumerate(cgroups.CONTROLLERS)]
        for name in cgroups.CONTROLLERS:
            (tmp_path / name / "class").mkdir(parents=True)
    else:
        mounts = [f"30 23 0:26 / {tmp_path}/unified rw - cgroup2 cgroup2 rw"]
        membership = ["0::/class"]
        (tmp_path / "unified" / "class").mkdir(parents=True)
        (tmp_path / "unified" / "class" / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
        (tmp_path / "unified" / "class" / "cgroup.subtree_control").write_text("")
    (tmp_path / "mountinfo").write_text("\n".join(mounts) + "\n")
    (tmp_path / "cgroup").write_text("\n".join(membership) + "\n")
    return tmp_path / "mountinfo", tmp_path / "cgroup"


@pytest.mark.parametrize("version", [1, 2])
def test_a_students_group_is_made_with_its_limits_in_either_cgroup_version(tmp_path, version):
    hierarchy, why = cgroups.find(*fake_machine(tmp_path, version))
    assert why is None and hierarchy.version == version
    group = cgroups.Group(hierarchy, "student", memory_mb=100)
    memory, pids, cpu = (group.folders[name] for name in cgroups.CONTROLLERS)
    assert (memory / cgroups.MEMORY_FILE[version]).read_text() == str(100 * 2**20)
    assert (pids / "pids.max").read_text() == str(cgroups.PIDS_LIMIT)
    assert (cpu / cgroups.EQUAL_WEIGHT[version][0]).read_text() == cgroups.EQUAL_WEIGHT[version][1]
    if version == 2:  # the referee left its group for a leaf, so that the group could hand the controllers down
        assert (tmp_path / "unified" / "class" / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
        assert (tmp_path / "unified" / "class" / "kata-referee" / "cgroup.procs").read_text() == str(os.getpid())
    assert len(group.joining_files()) == (3 if version == 1 else 1)


def test_a_machine_whose_cgroup_delegates_no_memory_gets_no_group_and_says_why(tmp_path):
    mountinfo, membership = fake_machine(tmp_path, 2)
    (tmp_path / "unified" / "class" / "cgroup.controllers").write_text("cpu pids\n")
    assert cgroups.find(mountinfo, membership) == (
        None,
        f"the referee's cgroup {tmp_path}/unified/class does not delegate memory",
    )


REAL_CGROUPS, NO_CGROUPS = cgroups.find()
LOW_PIDS_LIMIT = 40


@pytest.mark.skipif(REAL_CGROUPS is None, reason=f"no cgroups here: {NO_CGROUPS}")
def test_a_real_group_bounds_its_processes_and_ends_every_one_of_them():
    group = cgroups.Group(REAL_CGROUPS, f"kata-selftest-{os.getpid()}", memory_mb=256)
    group.write("pids", "pids.max", str(LOW_PIDS_LIMIT))  # the same kernel check, reached sooner
    script = textwrap.dedent("""
        import os, sys, time
        sys.path.insert(0, {repo!r})
        from grader import cgroups
        cgroups.join({files!r})
        forked = 0
        for _ in range({limit} + 10):
            try:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                forked += 1
            except OSError:
                break
        print(forked, flush=True)
        time.sleep(60)
    """).format(repo=str(REPO), files=group.joining_files(), limit=LOW_PIDS_LIMIT)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        forked = int(process.stdout.readline())
        assert forked < LOW_PIDS_LIMIT  # the kernel said no
        assert len(group.processes()) == forked + 1
    finally:
        group.end()
    assert process.wait(timeout=10) == -9
    assert not group.folders["pids"].exists()


WARM_SERVER = """
import os, socket, sys, time
sys.path.insert(0, {repo!r})
from kata_sandbox import forkserver

def target(payload, fds):
    (pipe,) = fds
    os.write(pipe, payload["say"].encode())
    os.close(pipe)
    if payload["hang"]:
        time.sleep(60)
    return payload["code"]

forkserver.serve(socket.socket(fileno=int(sys.argv[1])), target)
"""


def test_a_warm_start_hands_each_process_its_descriptors_and_reports_how_it_ended():
    """kata_sandbox/forkserver.py: each process gets the descriptors of its request, and its exit
    status (a code, or the signal that ended it) comes back though it is not the client's child."""
    client, server_end = forkserver.ForkServer.pair()
    process = subprocess.Popen(
        [sys.executable, "-c", WARM_SERVER.format(repo=str(REPO)), str(server_end.fileno())],
        pass_fds=(server_end.fileno(),),
    )
    server_end.close()
    server = forkserver.ForkServer(client, process.pid)
    started = []
    for say, code, hang in (("first", 3, False), ("second", 0, True)):
        read, write = os.pipe()
        started.append((server.start({"say": say, "code": code, "hang": hang}, [write]), read))
        os.close(write)
    (first, first_pipe), (second, second_pipe) = started
    assert first.wait(timeout=10) == 3 and os.read(first_pipe, 100) == b"first"
    assert os.read(second_pipe, 100) == b"second" and second.poll() is None
    os.kill(second.pid, signal.SIGKILL)
    assert second.wait(timeout=10) == -signal.SIGKILL
    with pytest.raises(ChildProcessError):
        os.waitpid(first.pid, os.WNOHANG)  # the server's child, not this process's
    server.close()
    assert process.wait(timeout=10) == 0  # the server ends with its connection
