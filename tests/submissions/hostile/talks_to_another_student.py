"""Attack: two students graded at the same time pass a token to each other, over a System V
message queue and over UDP, so that one can hand the other its answers. The self-test grades
two copies of this module; each says in its error what it received."""

import ctypes
import os
import socket
import time

KNOWN = {}  # filled in by the self-test
QUEUE_KEY = 0x6B617461
PORT = 47913


class Message(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_long), ("text", ctypes.c_char * 64)]


def over_a_queue(token):
    libc = ctypes.CDLL(None, use_errno=True)
    queue = libc.msgget(QUEUE_KEY, 0o1000 | 0o666)
    if queue < 0:
        return f"msgget refused (errno {ctypes.get_errno()})"
    libc.msgsnd(queue, ctypes.byref(Message(1, token.encode())), 64, 0o4000)
    received = []
    for _ in range(20):
        message = Message()
        while libc.msgrcv(queue, ctypes.byref(message), 64, 0, 0o4000) >= 0:
            if message.text.decode() != token:
                received.append(message.text.decode())
        time.sleep(0.1)
    return f"queue received {received}" if received else "queue: nothing"


def over_udp(token):
    try:
        listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        listener.bind(("127.0.0.1", PORT))
    except OSError as error:
        try:
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(token.encode(), ("127.0.0.1", PORT))
        except OSError as error:
            return f"udp refused ({error})"
        return "udp: sent"
    listener.settimeout(2)
    try:
        return f"udp received {listener.recv(64)!r}"
    except OSError:
        return "udp: nothing"


def make_windows(series, time_steps):
    token = f"kata_hostile_marker-{os.getpid()}-{time.time_ns()}"
    raise RuntimeError(f"{over_a_queue(token)}; {over_udp(token)}")


def build_many_to_one(time_steps, features, units=50):
    return None
