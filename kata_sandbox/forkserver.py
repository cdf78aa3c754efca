"""Warm starts: a server process that has already imported TensorFlow, Keras and pytest forks a
new process for each request, so that no run pays those seconds of imports again.

A request is a small JSON payload and the file descriptors the new process is to hold; the new
process runs `target(payload, fds)` and exits with what it returns. The server sends back each
new process's pid and, once it has reaped it, its exit status, so that the client holds a
handle with what it used of subprocess.Popen: pid, poll(), wait() and returncode. The server
reads nothing of a request but its payload: a secret meant for the new process (the tests'
seed) travels on a pipe among its descriptors, so it is never in the server's memory, nor in
that of any later process forked from it.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence

MESSAGE_BYTES = 2**16
MAX_FDS = 8
REAP_SECONDS = 0.05  # how often the server looks for new processes that have exited
POLL_SECONDS = 0.02
# A new process whose exit the server can no longer report (the server is gone) and that is not
# this process's to reap: it was ended with the rest of its run.
LOST = -signal.SIGKILL


def serve(connection: socket.socket, target: Callable[[dict, list[int]], int]) -> None:
    """The server's loop: one new process per request, its pid sent back at once and its exit
    status once reaped. Returns when the client closes its end."""
    while True:
        ready, _, _ = select.select([connection], [], [], REAP_SECONDS)
        for pid, code in reaped():
            send(connection, {"exited": pid, "code": code})
        if not ready:
            continue
        try:
            message, fds, _, _ = socket.recv_fds(connection, MESSAGE_BYTES, MAX_FDS)
        except ConnectionError:
            return
        if not message:
            return
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                connection.close()
                code = run_target(target, request["payload"], fds)
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        send(connection, {"id": request["id"], "pid": pid})


def run_target(target: Callable[[dict, list[int]], int], payload: dict, fds: list[int]) -> int:
    """In the new process: the target's exit status, whatever it raises."""
    import sys
    import traceback

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        code = target(payload, fds)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 - a failure to start is the run's exit status
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    return int(code or 0)


def reaped() -> list[tuple[int, int]]:
    """(pid, exit status) of every child of the server that has exited since the last look."""
    found = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return found
        if pid == 0:
            return found
        found.append((pid, os.waitstatus_to_exitcode(status)))


def send(connection: socket.socket, message: dict) -> None:
    connection.send(json.dumps(message).encode())


class ForkServer:
    """The client's side: requests new processes of a server and learns how they ended. Safe to
    use from several threads at once."""

    def __init__(self, connection: socket.socket, server_pid: int):
        self.connection = connection
        self.server_pid = server_pid
        self.lock = threading.Lock()
        self.requests = 0
        self.exited: dict[int, int] = {}
        self.open = True

    @staticmethod
    def pair() -> tuple[socket.socket, socket.socket]:
        """A connected pair of sockets: the client's end and the server's end."""
        return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

    def start(self, payload: dict, fds: Sequence[int]) -> WarmProcess:
        """A new process running the server's target with `payload` and duplicates of `fds`."""
        with self.lock:
            if not self.open:
                raise OSError("the warm-start server has stopped")
            self.requests += 1
            number = self.requests
            message = json.dumps({"id": number, "payload": payload}).encode()
            try:
                socket.send_fds(self.connection, [message], list(fds))
                while True:
                    reply = self.receive(block=True)
                    if reply is None:
                        raise OSError("the warm-start server stopped before it started the process")
                    if reply.get("id") == number:
                        return WarmProcess(self, int(reply["pid"]))
            except OSError:
                self.open = False
                raise

    def receive(self, block: bool) -> dict | None:
        """The server's next message, after noting every exit before it; None at its end (or,
        without `block`, when none is waiting)."""
        while True:
            try:
                data = self.connection.recv(MESSAGE_BYTES, 0 if block else socket.MSG_DONTWAIT)
            except BlockingIOError:
                return None
            except ConnectionError:
                data = b""
            if not data:
                self.open = False
                return None
            message = json.loads(data)
            if "exited" not in message:
                return message
            self.exited[int(message["exited"])] = int(message["code"])

    def returncode(self, pid: int) -> int | None:
        """The exit status of `pid` once it has exited, else None."""
        with self.lock:
            if self.open:
                self.receive(block=False)
            if pid in self.exited:
                return self.exited[pid]
            if self.open:
                return None
        # The server is gone: its processes were handed to the nearest subreaper.
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return LOST
        return os.waitstatus_to_exitcode(status) if done else None

    def close(self) -> None:
        """Stop the server: it exits once it sees the end of its connection."""
        with self.lock:
            self.open = False
            self.connection.close()


class WarmProcess:
    """A process the server started: pid, poll(), wait() and returncode, as subprocess.Popen."""

    def __init__(self, server: ForkServer, pid: int):
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.server.returncode(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"process {self.pid} did not exit within {timeout:g} s")
            time.sleep(POLL_SECONDS)
        return self.returncode
