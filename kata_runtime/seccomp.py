"""A seccomp filter for the student's child: the system calls that neither Landlock nor the
namespaces govern, refused with EPERM (the code gets an OSError, the process lives on).

- memfd_create and memfd_secret: memory that no process's resident size counts;
- System V shared memory, semaphores and message queues: memory no limit counts, and a channel
  to another student's child where the IPC namespace is missing;
- sockets other than Unix ones and TCP streams (datagram, raw, netlink, packet): UDP, which
  Landlock does not cover, and the rest;
- io_uring: it runs those same operations without their system calls;
- unshare, setns, and clone with a namespace flag: no namespace of the student's own, where the
  limits above would not reach;
- setsid: every process a student starts stays in its child's session, so where there is no
  cgroup the scheduler's autogroup weighs the student's whole tree as one;
- the kernel keyrings (add_key, request_key, keyctl): a store shared by every process of a user;
- every 32-bit or x32 system call, through which the calls above have other numbers.

It is a classic BPF program, built here with ctypes and the standard library only: the child
runs it from a copy, after Landlock (which set no_new_privs) and before any student code. The
libseccomp binding is not on PyPI, and a graded machine need not have libseccomp installed.
"""

import ctypes
import errno
import os
import platform

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
DENIED = RET_ERRNO | errno.EPERM
NOT_THERE = RET_ERRNO | errno.ENOSYS  # clone3: the C library falls back to clone, which is checked
# BPF instructions.
LOAD_WORD = 0x20  # BPF_LD | BPF_W | BPF_ABS
JUMP_EQUAL = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
JUMP_AT_LEAST = 0x35  # BPF_JMP | BPF_JGE | BPF_K
JUMP_ANY_BIT = 0x45  # BPF_JMP | BPF_JSET | BPF_K
AND = 0x54  # BPF_ALU | BPF_AND | BPF_K
RETURN = 0x06  # BPF_RET | BPF_K
# Offsets in struct seccomp_data: the call's number, its architecture, the low words of its arguments.
NUMBER, ARCHITECTURE = 0, 4
ARGUMENT = (16, 24, 32, 40, 48, 56)

AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10
SOCK_STREAM, SOCK_TYPE_MASK = 1, 0xF
NAMESPACE_FLAGS = 0x7E020000  # CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
X32_BIT = 0x40000000

DENIED_CALLS = (
    "memfd_create",
    "memfd_secret",
    "shmget",
    "shmat",
    "shmctl",
    "shmdt",
    "semget",
    "semop",
    "semctl",
    "semtimedop",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "unshare",
    "setns",
    "setsid",
    "add_key",
    "request_key",
    "keyctl",
)
# The numbers of each architecture (asm/unistd_64.h; asm-generic/unistd.h for aarch64).
ARCHITECTURES = {
    "x86_64": (
        0xC000003E,
        {
            "memfd_create": 319,
            "memfd_secret": 447,
            "shmget": 29,
            "shmat": 30,
            "shmctl": 31,
            "shmdt": 67,
            "semget": 64,
            "semop": 65,
            "semctl": 66,
            "semtimedop": 220,
            "msgget": 68,
            "msgsnd": 69,
            "msgrcv": 70,
            "msgctl": 71,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "unshare": 272,
            "setns": 308,
            "setsid": 112,
            "add_key": 248,
            "request_key": 249,
            "keyctl": 250,
            "socket": 41,
            "socketpair": 53,
            "clone": 56,
            "clone3": 435,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {
            "memfd_create": 279,
            "memfd_secret": 447,
            "shmget": 194,
            "shmat": 196,
            "shmctl": 195,
            "shmdt": 197,
            "semget": 190,
            "semop": 193,
            "semctl": 191,
            "semtimedop": 192,
            "msgget": 186,
            "msgsnd": 189,
            "msgrcv": 188,
            "msgctl": 187,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "unshare": 97,
            "setns": 268,
            "setsid": 157,
            "add_key": 217,
            "request_key": 218,
            "keyctl": 219,
            "socket": 198,
            "socketpair": 199,
            "clone": 220,
            "clone3": 435,
        },
    ),
}


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(SockFilter))]


def program(machine: str | None = None) -> list | None:
    """The filter as (code, jump if true, jump if false, k) tuples, for this machine's
    architecture; None where it has no table here."""
    machine = machine or platform.machine()
    if machine not in ARCHITECTURES:
        return None
    audit_arch, numbers = ARCHITECTURES[machine]
    # Each check jumps to one of the three verdicts at the end: allow, deny, or not there.
    checks = [(LOAD_WORD, "", "", ARCHITECTURE), (JUMP_EQUAL, "next", "deny", audit_arch), (LOAD_WORD, "", "", NUMBER)]
    if machine == "x86_64":
        checks.append((JUMP_AT_LEAST, "deny", "next", X32_BIT))
    checks += [(JUMP_EQUAL, "deny", "next", numbers[name]) for name in DENIED_CALLS]
    checks += [
        (JUMP_EQUAL, "not there", "next", numbers["clone3"]),
        (JUMP_EQUAL, "clone", "next", numbers["clone"]),
        (JUMP_EQUAL, "socket", "next", numbers["socket"]),
        (JUMP_EQUAL, "socketpair", "allow", numbers["socketpair"]),
        ("clone", LOAD_WORD, "", "", ARGUMENT[0]),
        (JUMP_ANY_BIT, "deny", "allow", NAMESPACE_FLAGS),
        ("socketpair", LOAD_WORD, "", "", ARGUMENT[0]),
        (JUMP_EQUAL, "allow", "deny", AF_UNIX),
        ("socket", LOAD_WORD, "", "", ARGUMENT[0]),
        (JUMP_EQUAL, "allow", "next", AF_UNIX),
        (JUMP_EQUAL, "stream?", "next", AF_INET),
        (JUMP_EQUAL, "stream?", "deny", AF_INET6),
        ("stream?", LOAD_WORD, "", "", ARGUMENT[1]),
        (AND, "", "", SOCK_TYPE_MASK),
        (JUMP_EQUAL, "allow", "deny", SOCK_STREAM),
        ("allow", RETURN, "", "", RET_ALLOW),
        ("deny", RETURN, "", "", DENIED),
        ("not there", RETURN, "", "", NOT_THERE),
    ]
    return resolve(checks)


def resolve(checks: list) -> list:
    """Turn labelled jumps into BPF's relative offsets."""
    labels, plain = {}, []
    for check in checks:
        if isinstance(check[0], str):
            labels[check[0]] = len(plain)
            check = check[1:]
        plain.append(check)
    resolved = []
    for index, (code, true, false, k) in enumerate(plain):
        resolved.append((code, jump(labels, index, true), jump(labels, index, false), k))
    return resolved


def jump(labels: dict[str, int], index: int, target: str) -> int:
    """BPF's relative offset from instruction `index` to the label `target` (0: the next one)."""
    if target in ("", "next"):
        return 0
    distance = labels[target] - index - 1
    if not 0 <= distance < 256:
        raise ValueError(f"a jump to {target!r} is out of a BPF jump's reach")
    return distance


def install() -> dict:
    """Apply the filter to this process and all it starts; returns the record for the report.
    Needs no_new_privs, which Landlock's restrict_self has already set."""
    instructions = program()
    if instructions is None:
        return {"seccomp": None, "seccomp_refused": f"no system call table for {platform.machine()}"}
    array = (SockFilter * len(instructions))(*(SockFilter(*instruction) for instruction in instructions))
    fprog = SockFprog(len(instructions), array)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  # already set where Landlock ran
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        code = ctypes.get_errno()
        return {"seccomp": None, "seccomp_refused": os.strerror(code)}
    return {"seccomp": len(instructions)}
