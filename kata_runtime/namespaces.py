"""Namespaces of its own for each student's grading: what a student's code starts, sees and
shares ends with it. Two processes move into new namespaces, where the kernel allows
unprivileged ones:

- the trusted pytest process, before it confines itself with Landlock (which forbids mounting),
  into new user, PID, IPC, network and mount namespaces: its /proc shows only this student's
  run (no other student's process, no ancestor's command line, status or open files), and its
  scratch folder, where the child's folders are made, is a tmpfs of bounded size and file count;
- the student's child, before any student code runs, into new user, PID, IPC and network
  namespaces below those: its first process is a small init that reaps every zombie the
  student's code leaves and, when the grading worker exits or is killed, takes every other
  process of the namespace with it however it forked or hopped (the kernel does this, not a
  sweep); System V objects live and die with it, and its network has no interface but a
  loopback that is down, so no datagram or socket of any family reaches another process, this
  machine or another student's child. The privilege that creating them gives is held only
  inside, and given up with the rest before any student code runs.

Where the kernel refuses them (Ubuntu's AppArmor restriction on user namespaces, Docker's
default seccomp profile), each carries on without them and says why in its record; the other
layers still hold. It uses the standard library only: the child runs it from a copy before
anything else is imported.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
KINDS = {"user": CLONE_NEWUSER, "pid": CLONE_NEWPID, "ipc": CLONE_NEWIPC, "net": CLONE_NEWNET, "mount": CLONE_NEWNS}
CHILD_KINDS = ("user", "pid", "ipc", "net")
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 0x4000, 0x40000
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
# The scratch folder holds what Keras and the student's code write: a few small files.
SCRATCH_FILES_LIMIT = 4096


def libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def call(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def isolate_trusted(scratch: str | Path, scratch_mb: int) -> dict:
    """For the trusted pytest process, before it confines itself with Landlock (which forbids
    mounting): new namespaces, with a /proc that shows only this run's processes and a bounded
    tmpfs on its scratch folder, where the student's child's folders are made. Returns the
    record, in the namespace's first process; the process the referee started waits outside."""
    uid, gid = os.geteuid(), os.getegid()
    why_not = unshare(KINDS.values())
    if why_not:
        record = {"namespaces": None, "namespaces_refused": why_not}
    else:
        # Root inside maps to this user outside: the privilege to mount, held only in here.
        write_map("/proc/self/setgroups", "deny")
        write_map("/proc/self/uid_map", f"0 {uid} 1")
        write_map("/proc/self/gid_map", f"0 {gid} 1")
        record = {"namespaces": sorted(KINDS)}
    # The new PID namespace begins with this process's next child; this process stays outside,
    # waits for it and ends as it ends. Without namespaces it does the same, so that the
    # referee finds the pytest process in the same place either way.
    fork_and_wait_outside(pipes=())
    if not why_not:
        record["mounts"] = own_mounts(scratch, scratch_mb)
    return record


def isolate_child(pipes: Sequence[int]) -> dict:
    """For the student's child, before it runs any student code: new user, PID, IPC and network
    namespaces (no mount namespace: it cannot mount below the trusted process's Landlock, and
    it sees the /proc and the tmpfs the trusted process mounted). Returns the record in the
    grading worker, the namespace's second process: the first is an init that reaps."""
    why_not = unshare(KINDS[kind] for kind in CHILD_KINDS)
    if why_not:
        return {"namespaces": None, "namespaces_refused": why_not}
    fork_and_wait_outside(pipes)
    worker = os.fork()
    if worker:
        be_init(worker, pipes)
    libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    return {"namespaces": sorted(CHILD_KINDS)}


def unshare(flags: int) -> str | None:
    """None once this process has new namespaces of the kinds in `flags`, or why not."""
    lib = libc()
    if lib.unshare(sum(flags)) != 0:
        return f"unshare: {os.strerror(ctypes.get_errno())}"
    return None


def write_map(path: str | Path, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def fork_and_wait_outside(pipes: Sequence[int]) -> None:
    """Fork; the parent waits for the child, lets go of `pipes` and ends as the child ends;
    the child returns, and dies if the parent is killed."""
    child = os.fork()
    if child:
        stay_outside(child, pipes)
    libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def own_mounts(scratch: str | Path, scratch_mb: int) -> list[str]:
    """A private mount tree with the namespace's own /proc and a bounded tmpfs on the scratch
    folder; what could not be mounted is recorded, and the namespaces stay."""
    lib = libc()
    try:
        call(lib.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    except OSError as error:
        return [f"none ({error.strerror})"]
    applied = []
    try:
        call(lib.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None), "mount /proc")
        applied.append("proc")
    except OSError as error:  # a container that masks parts of /proc refuses a fresh one
        applied.append(f"proc refused ({error.strerror})")
    options = f"size={scratch_mb}m,nr_inodes={SCRATCH_FILES_LIMIT},mode=700".encode()
    try:
        call(lib.mount(b"tmpfs", os.fsencode(scratch), b"tmpfs", MS_NOSUID | MS_NODEV, options), "mount scratch")
        applied.append(f"scratch tmpfs {scratch_mb} MB")
    except OSError as error:
        applied.append(f"scratch tmpfs refused ({error.strerror})")
    return applied


def stay_outside(child: int, pipes: Sequence[int]) -> None:
    """The process that was started: it only waits for its child and ends as it ended."""
    for fd in pipes:
        os.close(fd)
    code = exit_code(wait_for(child))
    if code > 128:  # the child was killed: so is this process, for its own parent to read
        if code - 128 != signal.SIGKILL:
            signal.signal(code - 128, signal.SIG_DFL)
        os.kill(os.getpid(), code - 128)
    os._exit(code)


def be_init(worker: Callable[[], int], pipes: Sequence[int]) -> None:
    """Process 1 of the child's namespace: reap everything, and end with the worker. When
    process 1 exits, the kernel kills every other process of the namespace."""
    for fd in pipes:
        os.close(fd)
    # From inside the namespace, only signals that process 1 handles reach it; Python handles
    # SIGINT, so a student's code could end it early. It ignores it instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(1)
        except InterruptedError:
            continue
        if pid == worker:
            os._exit(exit_code(status))


def wait_for(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue


def exit_code(status: int) -> int:
    """Pass on how a process ended: its code, or 128 + the signal that killed it."""
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def refused() -> str | None:
    """Why this machine refuses the child's namespaces, or None: tried in a throwaway process,
    for the referee's header before any student is graded."""
    pid = os.fork()
    if pid == 0:
        code = 0 if libc().unshare(sum(KINDS.values())) == 0 else ctypes.get_errno()
        os._exit(min(code, 255))
    code = exit_code(wait_for(pid))
    return None if code == 0 else f"unshare: {os.strerror(code)}"
