"""Landlock, the Linux security module that a process applies to itself: the three system calls.

A process builds a ruleset that names the kinds of access it will handle (file system rights,
TCP bind and connect, signals and abstract Unix sockets), adds the paths that stay allowed, and
restricts itself. From then on the kernel refuses every handled access that no rule allows, to
that process and to every process it starts, and nothing inside can lift it. Landlock also
refuses ptrace-class access from inside the domain to any process outside it, which closes
another process's /proc/<pid>/fd, cwd, environ and mem.

This module knows the system calls and the rights of each ABI version; which paths a grading
process may use is confinement.py's business. It uses ctypes and the standard library only, so
that a student's child process can run it from a copy before anything else is imported.
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import os
import stat
from collections.abc import Sequence

# The same numbers on every architecture: Landlock came after the syscall tables were unified.
SYS_CREATE_RULESET = 444
SYS_ADD_RULE = 445
SYS_RESTRICT_SELF = 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

# File system rights (include/uapi/linux/landlock.h), with the ABI version that added each.
EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3
IOCTL_DEV = 1 << 15  # ABI 5
FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
ALL_FS_RIGHTS = (1 << 16) - 1  # ABI 5 and later
# The rights that make sense on a file (the rest apply to a folder's entries).
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV

READ = READ_FILE | READ_DIR | EXECUTE
READ_WRITE = ALL_FS_RIGHTS

# Network rights (ABI 4): with none allowed, no TCP bind and no TCP connect.
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1
# Scopes (ABI 6): no signal to, and no abstract Unix socket of, a process outside the domain.
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0
SCOPE_SIGNAL = 1 << 1


class LandlockUnavailable(OSError):
    """The kernel cannot apply Landlock here; the message says why."""


class RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # the kernel's struct is packed: 12 bytes
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@dataclasses.dataclass(frozen=True)
class Applied:
    """What the kernel enforces on this process after `restrict`: a record for the results."""

    abi: int
    filesystem: bool
    network: bool  # no TCP bind or connect
    scoped: bool  # no signals or abstract Unix sockets outside the domain

    def as_record(self) -> dict:
        return {
            "landlock_abi": self.abi,
            "filesystem": self.filesystem,
            "network": self.network,
            "signals_and_sockets": self.scoped,
        }


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _syscall(number, *args):
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result


def abi_version() -> int:
    """The Landlock ABI version the kernel offers, or 0 where it offers none."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return 0
    try:
        return int(_syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION)))
    except OSError:
        # ENOSYS: a kernel before 5.13 or a seccomp filter; EOPNOTSUPP: built but switched off.
        return 0


def why_unavailable() -> str | None:
    """A sentence on why Landlock cannot be used here, or None where it can."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return "Landlock is a Linux security module, and this system is not Linux"
    try:
        _syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    except OSError as error:
        if error.errno == errno.ENOSYS:
            return (
                "the kernel has no Landlock system calls (Linux 5.13 or later is needed), "
                "or a seccomp profile, such as a container's, blocks them"
            )
        if error.errno == errno.EOPNOTSUPP:
            return "the kernel has Landlock but it is switched off (add landlock to the lsm= boot parameter)"
        return f"the Landlock system call failed: {error.strerror}"
    return None


def restrict(read_only: Sequence[str] = (), read_write: Sequence[str] = (), abi: int | None = None) -> Applied:
    """Confine this process, and every process it will start, to `read_only` and `read_write`
    paths (missing ones are skipped), with no TCP and, from ABI 6, no signal or abstract socket
    outside the domain. Returns what was applied; raises LandlockUnavailable where it cannot."""
    abi = abi_version() if abi is None else abi
    if abi < 1:
        raise LandlockUnavailable(errno.ENOSYS, why_unavailable() or "Landlock is unavailable")
    handled_fs = FS_RIGHTS_BY_ABI.get(abi, ALL_FS_RIGHTS)
    attr = RulesetAttr(
        handled_access_fs=handled_fs,
        handled_access_net=(NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else 0,
        scoped=(SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) if abi >= 6 else 0,
    )
    # Older kernels reject a struct longer than the one they know, unless its tail is zero;
    # hand each the length of its own version.
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = _syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    try:
        for paths, rights in ((read_only, READ), (read_write, READ_WRITE)):
            for path in paths:
                _allow(ruleset, path, rights & handled_fs)
        libc = _libc()
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(code)}")
        _syscall(SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return Applied(abi=abi, filesystem=True, network=abi >= 4, scoped=abi >= 6)


def _allow(ruleset, path, rights):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= FILE_RIGHTS
        rule = PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        _syscall(
            SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule), ctypes.c_uint32(0)
        )
    finally:
        os.close(fd)
