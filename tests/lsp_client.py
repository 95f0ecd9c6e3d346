"""A small LSP client for the tests: JSON-RPC with Content-Length framing over a real
`jdlint lsp` subprocess's stdio. A reader thread files every message it receives."""

from __future__ import annotations

import collections
import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import jdlint_exe

TIMEOUT = 60.0  # the first lint loads the NLP pipeline


class LspClient:
    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [*jdlint_exe(), "lsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []  # notifications not yet consumed
        self.next_id = 0
        self.close_error = ""  # why close() did not end the server cleanly
        # stderr is drained as it comes: a server whose log filled the pipe would block on it
        self._stderr: collections.deque[bytes] = collections.deque(maxlen=400)
        self.stderr_bytes = 0
        threading.Thread(target=self._read, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()

    def _drain_stderr(self) -> None:
        with contextlib.suppress(ValueError, OSError):  # closed by close()
            for line in self.proc.stderr or ():
                self._stderr.append(line)
                self.stderr_bytes += len(line)

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while (line := out.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                return
            self.messages.put(json.loads(out.read(length)))

    def send_raw(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def open(self, uri: str, text: str) -> None:
        """didOpen a Markdown document at version 1."""
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}
        )

    def request(self, method: str, params: Any) -> dict[str, Any]:
        """Send a request and return the whole response (with `result` or `error`)."""
        self.next_id += 1
        msg_id = self.next_id
        self.send({"id": msg_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m)

    def wait(self, match: Callable[[dict[str, Any]], bool], timeout: float = TIMEOUT) -> dict[str, Any]:
        for m in self.seen:
            if match(m):
                self.seen.remove(m)
                return m
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                break
            if "method" in m and "id" in m:  # a request from the server: accept it
                self.send({"id": m["id"], "result": None})
            if match(m):
                return m
            self.seen.append(m)
        raise TimeoutError(f"no matching message within {timeout} s; stderr: {self.stderr_tail()}")

    def diagnostics(self, uri: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The next publishDiagnostics params for a document."""
        m = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout
        )
        return m["params"]

    def no_diagnostics(self, uri: str, within: float) -> bool:
        try:
            self.diagnostics(uri, within)
        except TimeoutError:
            return True
        return False

    def initialize(self, root: Path) -> dict[str, Any]:
        caps = {
            "general": {"positionEncodings": ["utf-8", "utf-16"]},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
            "textDocument": {
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}
            },
        }
        r = self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": caps})
        self.notify("initialized", {})
        return r

    def stderr_tail(self) -> str:
        """The end of what the server wrote to stderr; all of it once the server has ended."""
        if self.proc.poll() is not None:
            self._stderr_reader.join(timeout=5)
        return b"".join(self._stderr).decode(errors="replace")[-2000:]

    def close(self) -> int:
        """shutdown + exit; returns the server's exit code (killed if it hangs)."""
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
            code = self.proc.wait(timeout=20)
            if code:
                self.close_error = f"exit code {code}; stderr: {self.stderr_tail()}"
            return code
        except (TimeoutError, subprocess.TimeoutExpired, BrokenPipeError) as exc:
            alive = self.proc.poll() is None
            self.proc.kill()
            self.proc.wait()
            self.close_error = (
                f"{type(exc).__name__} ({'alive' if alive else 'gone'}): {exc}; stderr: {self.stderr_tail()}"
            )
            return -1
        finally:
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream:
                    stream.close()
