"""The language server, driven by a real LSP client over stdio (`jdlint lsp` subprocess)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from lsp_client import LspClient

# The emoji before the filler is two UTF-16 code units: positions must count them so.
FILLER = "# Support agent\n\nYou answer calls 🙂 in order to help customers.\n"
OTHER = "# Support agent\n\nYou reply to e-mails on a daily basis.\n"


def offset(text: str, pos: dict[str, int]) -> int:
    """An LSP position (0-based line, UTF-16 character) as an offset into text."""
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: pos["line"]])
    line = lines[pos["line"]] if pos["line"] < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos["character"]:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line)


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    spans = [(offset(text, e["range"]["start"]), offset(text, e["range"]["end"]), e["newText"]) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ws").resolve()


@pytest.fixture(scope="module")
def client(workspace: Path) -> Iterator[LspClient]:
    c = LspClient(workspace)
    c.initialize(workspace)
    yield c
    c.close()


def open_doc(client: LspClient, path: Path, text: str) -> dict[str, Any]:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.open(uri, text)
    return client.diagnostics(uri)


def cli_lsp(path: Path) -> dict[str, Any]:
    return json.loads(run(str(path), "--format", "lsp", cwd=path.parent).stdout)


def test_initialize_advertises_sync_and_code_actions(workspace: Path) -> None:
    c = LspClient(workspace)
    try:
        caps = c.initialize(workspace)["result"]["capabilities"]
        assert caps["positionEncoding"] == "utf-16"  # though the client offered utf-8 first
        assert caps["textDocumentSync"]["change"] == 2 and caps["textDocumentSync"]["save"] is not None
        assert set(caps["codeActionProvider"]["codeActionKinds"]) == {"quickfix", "source.fixAll"}
    finally:
        assert c.close() == 0, c.close_error


def test_open_publishes_what_format_lsp_prints(client: LspClient, workspace: Path) -> None:
    path = workspace / "open.md"
    params = open_doc(client, path, FILLER)
    assert params == cli_lsp(path)
    assert any(d["code"] == "JD301" for d in params["diagnostics"])


def test_change_relints_and_latest_version_wins(client: LspClient, workspace: Path) -> None:
    path = workspace / "change.md"
    uri = path.as_uri()
    open_doc(client, path, FILLER)
    start = FILLER.index("in order to")
    utf16_col = len(FILLER[FILLER.rindex("\n", 0, start) + 1 : start].encode("utf-16-le")) // 2
    rng = {"start": {"line": 2, "character": utf16_col}, "end": {"line": 2, "character": utf16_col + 11}}
    # An incremental edit, then at once a second one. The server lints each change at once, so
    # the first may be published while it is still the current version; the last text's
    # diagnostics come last, and nothing for an older version follows them.
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": rng, "text": "to"}]},
    )
    client.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": OTHER}]}
    )
    path.write_text(OTHER, encoding="utf-8")
    latest = cli_lsp(path)
    params = client.diagnostics(uri)
    if params != latest:  # the first edit's own diagnostics, published while it was current
        params = client.diagnostics(uri)
    assert params == latest
    assert [d["data"]["start"] for d in params["diagnostics"] if d["code"] == "JD301"] == [OTHER.index("on a daily")]
    assert client.no_diagnostics(uri, within=1.0)  # nothing older arrives after the latest


def test_quick_fix_and_fix_all(client: LspClient, workspace: Path) -> None:
    path = workspace / "fix.md"
    uri = path.as_uri()
    params = open_doc(client, path, FILLER)
    filler = next(d for d in params["diagnostics"] if d["code"] == "JD301")
    reply = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": filler["range"], "context": {"diagnostics": [filler]}},
    )
    actions = reply["result"]
    quick = next(a for a in actions if a["kind"] == "quickfix" and a["diagnostics"][0]["code"] == "JD301")
    assert quick["title"] == "Replace 'in order to' with 'to'" and quick["isPreferred"] is True
    assert apply_edits(FILLER, quick["edit"]["changes"][uri]) == FILLER.replace("in order to", "to")
    # Only fixes for what the range touches: the title's missing-section fixes are elsewhere.
    assert all(a["diagnostics"][0]["range"] == filler["range"] for a in actions if a["kind"] == "quickfix")

    title = next(d for d in params["diagnostics"] if d["code"] == "JD101")
    unsafe = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": title["range"], "context": {"diagnostics": [], "only": ["quickfix"]}},
    )["result"]
    assert unsafe and all(a["kind"] == "quickfix" and not a.get("isPreferred") for a in unsafe)
    assert apply_edits(FILLER, unsafe[0]["edit"]["changes"][uri]) != FILLER

    everything = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
    fix_all = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": everything, "context": {"diagnostics": [], "only": ["source.fixAll"]}},
    )["result"]
    assert [a["title"] for a in fix_all] == ["Fix all safe problems (jdlint)"]
    fixed = apply_edits(FILLER, fix_all[0]["edit"]["changes"][uri])
    assert run("--fix", str(path), cwd=workspace).returncode in (0, 1)
    assert fixed == path.read_text(encoding="utf-8") != FILLER


def test_two_documents_and_config_changes(client: LspClient, workspace: Path) -> None:
    sub = workspace / "team"
    sub.mkdir()
    a, b = sub / "a.md", sub / "b.md"
    assert any(d["code"] == "JD301" for d in open_doc(client, a, FILLER)["diagnostics"])
    assert any(d["code"] == "JD301" for d in open_doc(client, b, OTHER)["diagnostics"])

    config = sub / ".jdlint.yaml"
    config.write_text("ignore: [filler-word]\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 1}]})
    republished = {p["uri"]: p for p in (client.diagnostics(a.as_uri()), client.diagnostics(b.as_uri()))}
    assert republished[a.as_uri()] == cli_lsp(a) and republished[b.as_uri()] == cli_lsp(b)
    assert not any(d["code"] == "JD301" for p in republished.values() for d in p["diagnostics"])

    config.write_text("ignore: [filler-word]\nnot-a-key: 1\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    [broken] = client.diagnostics(a.as_uri())["diagnostics"]
    assert broken["range"]["start"] == {"line": 0, "character": 0} and broken["severity"] == 1
    assert ".jdlint.yaml" in broken["message"] and "not-a-key" in broken["message"]
    client.diagnostics(b.as_uri())

    config.unlink()
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 3}]})
    assert any(d["code"] == "JD301" for d in client.diagnostics(a.as_uri())["diagnostics"])
    client.diagnostics(b.as_uri())
    client.notify("textDocument/didClose", {"textDocument": {"uri": b.as_uri()}})
    assert client.diagnostics(b.as_uri())["diagnostics"] == []
    shutil.rmtree(sub)


def test_malformed_requests_get_errors_and_the_server_lives_on(client: LspClient, workspace: Path) -> None:
    bad = client.request("textDocument/codeAction", {"textDocument": 5})
    assert bad["error"]["code"] == -32602  # invalid params
    assert client.request("no/such/method", {})["error"]["code"] == -32601
    client.send_raw(b"{not json")
    parse = client.wait(lambda m: "error" in m and m.get("id") is None)
    assert parse["error"]["code"] == -32700
    path = workspace / "alive.md"
    assert open_doc(client, path, FILLER) == cli_lsp(path)


def test_untitled_buffer_is_linted(client: LspClient) -> None:
    uri = "untitled:Untitled-1"
    client.open(uri, FILLER)
    params = client.diagnostics(uri)
    assert params["uri"] == uri and any(d["code"] == "JD301" for d in params["diagnostics"])
