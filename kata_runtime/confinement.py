"""Which paths a grading process may read and write: the policy that landlock.py enforces.

Two processes run under it. The student's child (worker.py) may read the Python runtime, the
system libraries, its own copy of the grading runtime and the student's own modules, and write
only its scratch folder. The trusted pytest process (trusted.py) may read the repository and
the runtime, and write only its own temporary folder. Neither may bind or connect a TCP socket,
and neither may signal or reach a process outside its domain.

It uses the standard library only: the child runs it from a copy before importing anything else.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from collections.abc import Sequence
from pathlib import Path

try:
    from kata_runtime import landlock
except ImportError:  # the child runs its copy of the runtime as plain modules
    import landlock

# What the dynamic loader, Python, numpy and TensorFlow read outside the Python installation.
SYSTEM_FOLDERS = (
    "/lib",
    "/lib64",
    "/lib32",
    "/usr/lib",
    "/usr/lib64",
    "/usr/lib32",
    "/usr/local/lib",
    "/usr/share/zoneinfo",
    "/etc/ssl",
    "/proc",
    "/sys",
)
SYSTEM_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/localtime",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/resolv.conf",
    "/etc/gai.conf",
    "/etc/os-release",
    "/dev/urandom",
    "/dev/random",
)
DEVICES_WRITTEN = ("/dev/null",)


def runtime_paths() -> list[str]:
    """The Python installation this process runs on: its prefixes and the import path."""
    paths = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        os.path.dirname(os.path.realpath(sys.executable)),
    }
    paths.update(entry for entry in sys.path if entry)
    return sorted(paths)


def without_ancestors_of(paths: Sequence[str], hidden: Sequence[str]) -> list[str]:
    """`paths` less any that is, or lies above, one of the `hidden` folders: a rule on such a
    path would open the hidden folder too (a venv's site-packages inside it is fine)."""
    hidden = [Path(path).resolve() for path in hidden]
    kept = []
    for path in paths:
        resolved = Path(path).resolve()
        if not any(resolved == folder or resolved in folder.parents for folder in hidden):
            kept.append(str(resolved))
    return kept


PR_CAPBSET_DROP = 24
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
CAPABILITY_VERSION_3 = 0x20080522


class CapabilityHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapabilityData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_capabilities() -> bool:
    """Give up every capability, for good. Landlock confines files, sockets and signals, but a
    process with capabilities (one run as root, as on Gradescope) could still load a kernel
    module or reboot the machine. Returns whether any were held."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = CapabilityHeader(CAPABILITY_VERSION_3, 0)
    held = (CapabilityData * 2)()
    if libc.capget(ctypes.byref(header), held) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    had_any = any(part.effective or part.permitted for part in held)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    for capability in range(64):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)  # EINVAL past the last one; EPERM without CAP_SETPCAP
    if libc.capset(ctypes.byref(CapabilityHeader(CAPABILITY_VERSION_3, 0)), (CapabilityData * 2)()) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"capset: {os.strerror(code)}")
    return had_any


def limit_resources(file_mb: int) -> dict:
    """Limits the kernel keeps for this process and all it starts: no file larger than
    `file_mb` (where the scratch folder is no bounded tmpfs, this still bounds each file), and
    no core dumps. Returns their record."""
    file_bytes = file_mb * 2**20
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return {"file_limit_mb": file_mb}


def confine(read_only: Sequence[str], read_write: Sequence[str], hidden: Sequence[str] = ()) -> dict:
    """Apply Landlock with the system's and the runtime's paths read-only besides `read_only`,
    and `read_write`; never a rule that opens a folder of `hidden`. Returns landlock.Applied."""
    readable = without_ancestors_of([*SYSTEM_FOLDERS, *SYSTEM_FILES, *runtime_paths(), *read_only], hidden)
    writable = without_ancestors_of([*DEVICES_WRITTEN, *read_write], hidden)
    applied = landlock.restrict(read_only=readable, read_write=writable)
    drop_capabilities()
    return applied
