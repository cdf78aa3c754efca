"""A control group for each student's grading, where this machine lets the referee make one: the
kernel's own limits on everything a student's run holds, where polls would only look.

- memory: counts what no process's resident size shows (an anonymous file, shared memory, the
  pages of a tmpfs), and the kernel stops the run at the limit instead of the whole machine;
- pids: a fork bomb meets EAGAIN at PIDS_LIMIT processes and threads, and the rest of the
  machine never runs out of them;
- cpu: every student's group has the same weight, so a student who starts many processes
  shares the processors with the students graded beside it as one;
- and at the end, every process still in the group is killed: a process cannot leave its group
  (Landlock keeps it from the cgroup files), however it forked or hopped.

It works with cgroup v2 (one hierarchy, where the referee's group may delegate the three
controllers) and v1 (a hierarchy per controller, as on hosts that mount them so). Where neither
serves (no write access, a container without its own cgroup tree), grading goes on without
them, and says so: the polls of memory and the sweeps of orphans remain.
"""

import dataclasses
import os
import signal
import time
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
PIDS_LIMIT = 2048  # TensorFlow starts dozens of threads in each process; a kata needs no more
EQUAL_WEIGHT = {1: ("cpu.shares", "1024"), 2: ("cpu.weight", "100")}
MEMORY_FILE = {1: "memory.limit_in_bytes", 2: "memory.max"}
KILL_PATIENCE_SECONDS = 5.0


@dataclasses.dataclass
class Hierarchy:
    """Where this process's groups are made: the folder of each controller's hierarchy that
    holds the referee's own group (one folder for all three in v2)."""

    version: int
    folders: dict[str, Path]  # controller -> folder


def find(mountinfo="/proc/self/mountinfo", membership="/proc/self/cgroup"):
    """(Hierarchy, None) where this process can make groups with the three controllers, or
    (None, why not)."""
    own = {}
    for line in Path(membership).read_text().splitlines():
        _, names, path = line.split(":", 2)
        for name in names.split(",") if names else [""]:
            own[name] = path
    v1, v2 = {}, None
    for line in Path(mountinfo).read_text().splitlines():
        fields = line.split()
        separator = fields.index("-")
        root, mount_point, kind = fields[3], fields[4], fields[separator + 1]
        options = fields[separator + 3].split(",") if len(fields) > separator + 3 else []
        if kind == "cgroup":
            for controller in CONTROLLERS:
                if controller in options and controller in own:
                    v1[controller] = below(mount_point, root, own[controller])
        elif kind == "cgroup2" and "" in own:
            v2 = below(mount_point, root, own[""])
    if len(v1) == len(CONTROLLERS):
        hierarchy = Hierarchy(1, v1)
    elif v2 is not None:
        why = delegate(v2)
        if why:
            return None, why
        hierarchy = Hierarchy(2, dict.fromkeys(CONTROLLERS, v2))
    else:
        return None, "no cgroup hierarchy with the memory, pids and cpu controllers is mounted"
    for folder in set(hierarchy.folders.values()):
        if not os.access(folder, os.W_OK):
            return None, f"{folder} is not writable by the grader"
    return hierarchy, None


def below(mount_point, root, path):
    """The folder of a group `path` in a hierarchy mounted at `mount_point` from `root`."""
    relative = path[len(root) :] if root != "/" and path.startswith(root) else path
    return Path(mount_point, relative.lstrip("/"))


def delegate(folder):
    """In cgroup v2, let the groups under `folder` use the three controllers; None once they
    may, or why not. A group with processes cannot hand controllers down (the rule of no
    internal processes), so the referee first moves itself into a leaf of its own."""
    available = (folder / "cgroup.controllers").read_text().split() if (folder / "cgroup.controllers").exists() else []
    missing = [controller for controller in CONTROLLERS if controller not in available]
    if missing:
        return f"the referee's cgroup {folder} does not delegate {', '.join(missing)}"
    enable = " ".join(f"+{controller}" for controller in CONTROLLERS)
    try:
        if set(CONTROLLERS) <= set((folder / "cgroup.subtree_control").read_text().split()):
            return None
        leaf = folder / "kata-referee"
        leaf.mkdir(exist_ok=True)
        (leaf / "cgroup.procs").write_text(str(os.getpid()))
        (folder / "cgroup.subtree_control").write_text(enable)
    except OSError as error:
        return f"the referee's cgroup {folder} cannot hand its controllers down ({error.strerror})"
    return None


class Group:
    """One student's group: made with its limits, joined by the trusted process, ended whole."""

    def __init__(self, hierarchy, name, memory_mb):
        self.hierarchy = hierarchy
        self.memory_mb = memory_mb
        self.folders = {controller: folder / name for controller, folder in hierarchy.folders.items()}
        for folder in set(self.folders.values()):
            folder.mkdir()
        version = hierarchy.version
        self.write("memory", MEMORY_FILE[version], str(memory_mb * 2**20))
        self.write("pids", "pids.max", str(PIDS_LIMIT))
        self.write("cpu", *EQUAL_WEIGHT[version])

    def write(self, controller, name, value):
        (self.folders[controller] / name).write_text(value)

    def joining_files(self):
        """The files a process writes its pid to, to join the group in every hierarchy."""
        return sorted({str(folder / "cgroup.procs") for folder in self.folders.values()})

    def record(self):
        return {
            "cgroup": self.hierarchy.version,
            "memory_mb": self.memory_mb,
            "pids": PIDS_LIMIT,
            "cpu": "the same weight as every other student",
        }

    def memory_kills(self):
        """How many processes the kernel ended for the group's memory limit."""
        name = "memory.events" if self.hierarchy.version == 2 else "memory.oom_control"
        try:
            for line in (self.folders["memory"] / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def end(self):
        """Kill every process left in the group, then remove it."""
        kill_file = self.folders["pids"] / "cgroup.kill"
        if kill_file.exists():
            try:
                kill_file.write_text("1")
            except OSError:
                pass
        deadline = time.monotonic() + KILL_PATIENCE_SECONDS
        while time.monotonic() < deadline:
            left = self.processes()
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.02)
        for folder in set(self.folders.values()):
            try:
                folder.rmdir()
            except OSError:
                pass  # a process the kernel has not yet let go of: the folder is left, empty of limits that matter

    def processes(self):
        pids = set()
        for folder in set(self.folders.values()):
            try:
                pids.update(int(line) for line in (folder / "cgroup.procs").read_text().split())
            except (OSError, ValueError):
                continue
        return pids


def join(paths):
    """Move this process into the group whose cgroup.procs files are `paths` (the trusted
    process does this first thing, so that all it starts is in the group)."""
    for path in paths:
        with open(path, "w") as handle:
            handle.write(str(os.getpid()))
