"""Process trees: adopt every orphan, measure a tree's memory, and end a tree to its last process.

A student's code may fork, double-fork or call setsid, so neither a process group nor a session
holds everything it starts. A subreaper does: an orphan below it is handed to it, not to init,
so every process a grading run started stays in the tree below that run's process. Ending a
tree stops each process first (a stopped process cannot fork) and kills them once none is left
running, so nothing slips out between the listing and the kill.
"""

import ctypes
import fcntl
import os
import signal
import time

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    """Make orphans of this process's descendants its children; False where the kernel cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def hide_from_other_processes():
    """Keep this process's /proc files (environ, maps) from processes that lack CAP_SYS_PTRACE,
    such as a student's child, which Landlock alone lets read them."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def hold_only(placed):
    """Put each descriptor of `placed` (number it goes to -> descriptor) on its number, and close
    every other one but standard input and output: a process forked warm keeps nothing of the
    one it was forked from but what it was handed."""
    moved = {target: fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for target, fd in placed.items()}  # out of the way first
    for target, fd in moved.items():
        os.dup2(fd, target)
    for name in os.listdir(f"/proc/{os.getpid()}/fd"):
        if int(name) not in (0, 1, 2, *placed):
            try:
                os.close(int(name))
            except OSError:
                pass  # the listing's own descriptor, closed by now


def be_dumpable():
    """Undo hide_from_other_processes in a process forked from one that hid itself."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)


def die_with_parent():
    """Have the kernel kill this process when the one that started it ends, however it ends."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def parents():
    """{pid: (parent pid, resident bytes, state)} of every process this one can see; the state
    is stat's letter, b"Z" for a zombie."""
    page = os.sysconf("SC_PAGE_SIZE")
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, ...; rss is field 24 of stat.
        table[int(entry.name)] = (int(fields[1]), int(fields[21]) * page, fields[0])
    return table


def descendants(root, table=None):
    """The pids below `root`, nearest first."""
    table = parents() if table is None else table
    children = {}
    for pid, (parent, *_) in table.items():
        children.setdefault(parent, []).append(pid)
    found, frontier = [], [root]
    while frontier:
        below = [child for pid in frontier for child in children.get(pid, ())]
        found.extend(below)
        frontier = below
    return found


def tree_memory(root, leave_out=()):
    """Resident bytes of every process below `root`, but those in `leave_out` (whose own
    descendants still count)."""
    table = parents()
    return sum(table[pid][1] for pid in descendants(root, table) if pid in table and pid not in leave_out)


def end_tree(root, reap_root=True, patience=5.0, table=None):
    """Kill root and every process below it, and reap those that were handed to us.
    `reap_root=False` leaves root's exit status to its subprocess.Popen. Returns how many
    processes were killed."""
    stopped = set()
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        pids = set(descendants(root, table)) | ({root} if alive(root) else set())
        table = None  # a snapshot serves the first pass only: later ones look again
        fresh = pids - stopped
        if not fresh:
            break
        for pid in fresh:
            signal_quietly(pid, signal.SIGSTOP)
        stopped |= fresh
    for pid in stopped:
        signal_quietly(pid, signal.SIGKILL)
    for pid in stopped:
        if pid != root or reap_root:
            reap(pid)
    return len(stopped)


def end_orphans(keep=(), patience=5.0):
    """Kill the trees of this process's children that are not in `keep`: with a subreaper,
    those are orphans of a run that ended. Zombies among them are reaped at once, from the one
    look at /proc each pass takes: a student who leaves thousands of them costs each later
    sweep nothing. Passes repeat until one finds no orphan, within `patience` seconds, so that
    a process that forks and exits to dodge a pass is found by the next. Returns how many
    processes were killed or reaped."""
    me = os.getpid()
    killed = 0
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        table = parents()
        orphans = [(pid, state) for pid, (parent, _, state) in table.items() if parent == me and pid not in keep]
        if not orphans:
            break
        for pid, state in orphans:
            if state == b"Z":
                reap(pid, patience=0)
                killed += 1
            else:
                killed += end_tree(pid, table=table)
    return killed


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def signal_quietly(pid, signum):
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def reap(pid, patience=2.0):
    """Collect the exit status of `pid` if it is our child, so that it leaves no zombie; never
    waitpid(-1), which would take the status another thread's Popen waits for."""
    deadline = time.monotonic() + patience
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return  # not our child: its own parent, or the subreaper above, collects it
        if done or time.monotonic() > deadline:
            return
        time.sleep(0.01)
