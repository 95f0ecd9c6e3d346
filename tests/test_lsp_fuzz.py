"""Fuzzing the language server: thousands of random edits (multi-byte text, out-of-range
positions, huge deletions) for a bounded time. The server must stay alive, keep answering
requests, and its memory must level off."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from conftest import run
from lsp_client import LspClient

FUZZ_SECONDS = 25.0
PIECES = [
    "in order to ", "on a daily basis", "🙂", "👩\u200d💻", "\u200b", "\u00a0", "ß", "Ü", "\r\n", "\n", "\r",
    "# Aufgaben\n", "- Kunden beraten\n", "<!-- jdlint-disable filler-word -->", "**", "`", "\ufeff", "\U0001f600",
    "---\ntitle: x\n---\n", "é", "\t", "<b>", "&amp;",
]  # fmt: skip
START = "# Support agent\n\nYou answer calls in order to help customers 🙂.\n\n## Your tasks\n\n- Answer calls\n"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def random_position(rng: random.Random, lines: int) -> dict[str, int]:
    """Mostly valid, sometimes past the end of a line or of the document."""
    return {"line": rng.randint(0, lines + (3 if rng.random() < 0.1 else 0)), "character": rng.randint(0, 90)}


def random_change(rng: random.Random, lines: int) -> dict[str, object]:
    a, b = random_position(rng, lines), random_position(rng, lines)
    if (a["line"], a["character"]) > (b["line"], b["character"]):
        a, b = b, a
    if rng.random() < 0.02:
        return {"text": "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))}  # full replacement
    new = "".join(rng.choice(PIECES) for _ in range(rng.choice([0, 0, 1, 1, 2, 5])))
    return {"range": {"start": a, "end": b}, "text": new}


def test_random_edits_never_kill_the_server(tmp_path: Path) -> None:
    if b"lsp" not in run("--help").stdout:
        pytest.skip("this installation has no `jdlint lsp` command")
    client = LspClient(tmp_path)
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "posting.md").as_uri()
        client.open(uri, START)
        client.diagnostics(uri)
        rng = random.Random(20261123)
        version, lines, edits = 1, START.count("\n"), 0
        warm_rss = None
        start = time.monotonic()
        while (elapsed := time.monotonic() - start) < FUZZ_SECONDS:
            changes = [random_change(rng, lines) for _ in range(rng.randint(1, 4))]
            version += 1
            client.notify(
                "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
            )
            edits += len(changes)
            lines = max(1, lines + sum(str(c["text"]).count("\n") for c in changes) - rng.randint(0, 1))
            if edits % 200 < len(changes):  # now and then: the server must still answer at once
                reply = client.request(
                    "textDocument/codeAction",
                    {
                        "textDocument": {"uri": uri},
                        "range": {"start": {"line": 0, "character": 0}, "end": random_position(rng, lines)},
                        "context": {"diagnostics": []},
                    },
                )
                assert "result" in reply, reply
                assert client.proc.poll() is None, client.stderr_tail()
            if warm_rss is None and elapsed > FUZZ_SECONDS / 3:
                warm_rss = rss_kib(client.proc.pid)
        assert edits >= 1000, f"only {edits} edits in {FUZZ_SECONDS} s"
        # A last, clean document: the server lints it and reports diagnostics for it.
        version += 1
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": START}]},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            params = client.diagnostics(uri)
            if any(
                d.get("data", {}).get("name") == "filler-word" or "order" in d["message"] for d in params["diagnostics"]
            ):
                break
        else:
            raise AssertionError("no diagnostics for the final text")
        assert client.proc.poll() is None, client.stderr_tail()
        end_rss = rss_kib(client.proc.pid)
        assert warm_rss is not None
        assert end_rss < warm_rss * 1.5 + 100 * 1024, f"RSS grew from {warm_rss} KiB to {end_rss} KiB"
    finally:
        assert client.close() == 0, client.close_error
