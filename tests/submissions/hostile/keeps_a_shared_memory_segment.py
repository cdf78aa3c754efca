"""Attack: a 512 MB System V shared memory segment, filled and detached: it counts against no
process, and it stays in the kernel after the grader exits."""

import ctypes

KNOWN = {}  # filled in by the self-test
IPC_PRIVATE, IPC_CREAT = 0, 0o1000
SIZE = 512 * 2**20


def make_windows(series, time_steps):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    segment = libc.shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0o600)
    if segment < 0:
        raise RuntimeError(f"shmget was refused: errno {ctypes.get_errno()}")
    address = libc.shmat(segment, None, 0)
    ctypes.memset(address, 1, SIZE)
    libc.shmdt(ctypes.c_void_p(address))
    return None, None


def build_many_to_one(time_steps, features, units=50):
    return None
