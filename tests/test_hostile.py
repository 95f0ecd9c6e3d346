"""Hostile input, concurrent edits and a hostile web page: jdlint holds, loses nothing and
never hangs. Each test is a reproduction of a probe: the real CLI, the real server over HTTP,
the real language server over stdio."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import run
from lsp_client import LspClient
from test_web import POSTING, server, workdir  # noqa: F401  (fixtures)

from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.source import InputError, Source, read_source, write_atomic

FIXABLE = "# Support agent\n\nJoin our young and dynamic team in Leeds. You answer calls.\n"
FIXED = "# Support agent\n\nJoin our dynamic team in Leeds. You answer calls.\n"
BOMB = "".join(
    f"{a}: &{a} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['x'] * 9)}]\n"
    for p, a in zip(["", *"abcdefgh"], "abcdefghi")
)


# --- --fix never loses a byte -------------------------------------------------------------


def test_a_save_during_the_fix_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "p.md"
    f.write_text(FIXABLE, encoding="utf-8")
    source = read_source(f)
    f.write_text("the user's newer text\n", encoding="utf-8")  # the editor saves meanwhile
    with pytest.raises(InputError, match="changed since jdlint read it"):
        write_atomic(f, FIXED.encode(), expect=source.digest)
    assert f.read_text(encoding="utf-8") == "the user's newer text\n"
    assert not list(tmp_path.glob(".*jdlint-tmp"))


def test_fix_from_stdin_writes_the_posting_to_stdout_and_the_report_to_stderr() -> None:
    first = run("--fix", "-", input=FIXABLE.encode())
    assert first.stdout.decode() == FIXED
    assert b"missing-pay-range" in first.stderr
    again = run("--fix", "-", input=first.stdout)  # nothing left to fix: the posting still comes back
    assert again.stdout == first.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_fix_keeps_owner_group_links_and_clears_setuid(tmp_path: Path) -> None:
    f = tmp_path / "p.md"
    f.write_text(FIXABLE, encoding="utf-8")
    os.chown(f, 12345, 23456)
    os.chmod(f, 0o4664)
    link = tmp_path / "link.md"
    os.link(f, link)
    assert run("--fix", str(f)).returncode in (0, 1)
    st = f.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (12345, 23456, 0o664)
    assert link.read_text(encoding="utf-8") == FIXED and st.st_nlink == 2


def test_fix_removes_temporary_files_a_killed_run_left(tmp_path: Path) -> None:
    f = tmp_path / "p.md"
    f.write_text(FIXABLE, encoding="utf-8")
    left = tmp_path / ".p.md.x1y2z3.jdlint-tmp"
    left.write_text("half a posting", encoding="utf-8")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    run("--fix", str(f))
    assert f.read_text(encoding="utf-8") == FIXED and not left.exists()


# --- YAML that cannot explode, values that are checked ----------------------------------------


def test_an_alias_bomb_in_front_matter_is_refused_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "p.md"
    f.write_text(f"---\n{BOMB}title: *i\n---\n\n# Agent\n\nYou answer calls.\n", encoding="utf-8")
    r = run(str(f))
    assert r.returncode == 2
    assert f"{f}:3: front matter: YAML alias '*a'" in r.stderr.decode()


def test_an_alias_bomb_in_the_configuration_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".jdlint.yaml").write_text(f"{BOMB}role: *i\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("# Agent\n\nYou answer calls.\n", encoding="utf-8")
    r = run("p.md", cwd=tmp_path)
    assert r.returncode == 2 and ".jdlint.yaml:2: YAML alias '*a'" in r.stderr.decode()


@pytest.mark.parametrize(
    ("rules", "error"),
    [
        ("{filler-word: {add: {en: [[1]]}}}", "rules: filler-word: add: each term needs"),
        ("{filler-word: {add: {en: 5}}}", "rules: filler-word: add: data.terms.en must be a list"),
        ("{prepositional-chain: {max-findings: lots}}", "max-findings must be a whole number"),
        ("{filler-word: {severity: fatal}}", "severity must be one of hint, info, warning, error"),
        ("{filler-word: {severity: [x]}}", "severity must be one of"),
        ('{filler-word: {add: {en: [{regex: "(a"}]}}}', "is not valid (RE2 syntax): missing )"),
    ],
)
def test_a_bad_option_names_the_users_file_and_line(tmp_path: Path, rules: str, error: str) -> None:
    (tmp_path / ".jdlint.yaml").write_text(f"preview: true\nrules: {rules}\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("# Agent\n\nYou answer calls.\n", encoding="utf-8")
    r = run("p.md", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()
    assert f"{tmp_path / '.jdlint.yaml'}:2: " in r.stderr.decode() and error in r.stderr.decode()


def test_a_word_added_without_a_replacement_gets_the_rules_own_message(tmp_path: Path) -> None:
    cfg = Config(select=("filler-word",), preview=True, rules={"filler-word": {"add": {"en": ["synergy"]}}})
    [f] = lint_source(Source("<t>", "# Agent\n\nWe value synergy.\n"), cfg).findings
    assert f.message == "'synergy' is filler"


def test_a_missing_or_broken_config_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "pyproject.toml"
    bad.write_bytes(b"\xff\xfe[tool]\n")
    for path, error in ((tmp_path / "no" / "pyproject.toml", "no such file"), (bad, "not UTF-8 text")):
        r = run("--config", str(path), "x.md", cwd=tmp_path)
        assert r.returncode == 2 and error in r.stderr.decode() and "Traceback" not in r.stderr.decode()


def test_the_api_names_an_unknown_language() -> None:
    from jdlint import lint_text
    from jdlint.yamlio import ConfigError

    with pytest.raises(ConfigError, match="language must be one of: auto, en, de"):
        lint_text("# Agent\n\nYou answer calls.\n", language="fr")


# --- linear time on any input ----------------------------------------------------------------


def _shapes(n: int) -> dict[str, str]:
    return {
        "one token": "# Agent\n\n" + "a" * n + "\n",
        "one line with acronyms": "# Agent\n\n" + "word " * (n // 5) + "ABC DEF GHI JKL MNO\n",
        "many headings": "# Agent\n\n" + "## Head\n\ntext\n\n" * (n // 16),
        "deep nesting": "# Agent\n\n" + "".join("  " * (i % 40) + "- item\n" for i in range(n // 50)),
        "an address without end": "# Agent\n\n" + "a.b" * (n // 3) + "\n",
    }


def test_time_per_byte_holds_as_the_input_grows() -> None:
    """A benchmark-style ratio, not a time limit: from 10 KB to 320 KB the time per byte of
    every shape stays within a factor of 3 (a quadratic step would make it 32)."""
    cfg = Config(preview=True)
    lint_source(Source("<warm>", "# Agent\n\nYou answer calls.\n"), cfg)
    small, large = _shapes(10_000), _shapes(320_000)
    for shape in small:
        per_byte = []
        for text in (small[shape], large[shape]):
            start = time.perf_counter()
            lint_source(Source("<t>", text), cfg)
            per_byte.append((time.perf_counter() - start) / len(text))
        assert per_byte[1] < 3 * per_byte[0] + 2e-6, f"{shape}: {per_byte}"


def test_a_user_rule_with_a_catastrophic_regex_runs_in_re2(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(
        "code: JD901\nname: only-a\nkind: pattern\nseverity: warning\nadvice: A6\nsummary: {en: x}\n"
        'rationale: x\nmessage: {en: "only a"}\n'
        'examples: {en: {fires: ["# A\\n\\naaaa\\n"], quiet: ["# A\\n\\nab\\n"]}}\n'
        'data:\n  patterns:\n    en:\n      - - {TEXT: {REGEX: "^(a+)+$"}}\n',
        encoding="utf-8",
    )
    (tmp_path / ".jdlint.yaml").write_text("rule-dirs: [rules]\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("# Agent\n\n" + "a" * 5000 + "b and aaaa\n", encoding="utf-8")
    assert run("check-rules", "rules", cwd=tmp_path).returncode == 0
    r = run("--select", "only-a", "p.md", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.decode().count("only a") == 1


def test_a_regex_re2_cannot_run_is_refused_at_load(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(
        "code: JD901\nname: lookahead\nkind: pattern\nseverity: warning\nadvice: A6\nsummary: {en: x}\n"
        'rationale: x\nmessage: {en: "x"}\ndata:\n  patterns:\n    en:\n      - - {LOWER: {REGEX: "^(?!ing)"}}\n',
        encoding="utf-8",
    )
    r = run("check-rules", "rules", cwd=tmp_path)
    assert r.returncode == 2 and "not valid (RE2 syntax)" in (r.stdout + r.stderr).decode()


# --- a local server only its user can reach ---------------------------------------------------


def _request(url: str, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request(method, path, body=body, headers=headers)
    res = conn.getresponse()
    data = res.read()
    conn.close()
    return res.status, {k.lower(): v for k, v in res.getheaders()}, data


JSON = {"Content-Type": "application/json"}
LINT = json.dumps({"text": POSTING}).encode()


@pytest.mark.parametrize(
    ("headers", "body", "status", "error"),
    [
        ({**JSON, "Host": "evil.example:8000"}, LINT, 403, "is not this machine"),
        ({**JSON, "Origin": "https://evil.example"}, LINT, 403, "other sites"),
        ({**JSON, "Origin": "null"}, LINT, 403, "other sites"),
        ({"Content-Type": "text/plain"}, LINT, 415, "application/json"),
        ({}, LINT, 415, "application/json"),
        (JSON, b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400, "nested too deeply"),
    ],
)
def test_hostile_requests_are_refused(server: str, headers: dict, body: bytes, status: int, error: str) -> None:  # noqa: F811
    got, _, data = _request(server, "POST", "/api/lint", body, headers)
    assert got == status and error in json.loads(data)["error"]


def test_every_answer_carries_the_security_headers(server: str) -> None:  # noqa: F811
    for method, path, body in (("GET", "/", None), ("POST", "/api/lint", LINT), ("GET", "/api/rules", None)):
        _, headers, _ = _request(server, method, path, body, JSON)
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_page_answers_while_lints_run(server: str) -> None:  # noqa: F811
    """Lints run in worker threads: the page is served before a batch of lints is done."""
    big = json.dumps({"text": POSTING * 40}).encode()
    done: list[float] = []

    def lint() -> None:
        _request(server, "POST", "/api/lint", big, JSON)
        done.append(time.monotonic())

    threads = [threading.Thread(target=lint) for _ in range(12)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    status, _, _ = _request(server, "GET", "/", None, {})
    page_at = time.monotonic()
    for t in threads:
        t.join()
    assert status == 200 and len(done) == 12 and page_at < max(done)


# --- the language server by the protocol ------------------------------------------------------


def test_lsp_answers_a_second_initialize_and_a_bad_document(tmp_path: Path) -> None:
    client = LspClient(tmp_path)
    try:
        client.initialize(tmp_path)
        again = client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}})
        assert "already initialized" in again["error"]["message"]
        uri = (tmp_path / "bad.md").as_uri()
        text = "# Agent\n\nYou answer \ud800 calls.\n"
        client.send_raw(
            json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
                }
            ).encode()
        )
        [diagnostic] = client.diagnostics(uri)["diagnostics"]
        assert "line 3 holds a character that is not valid Unicode" in diagnostic["message"]
    finally:
        client.close()


def test_lsp_exits_on_broken_framing_so_the_editor_restarts_it(tmp_path: Path) -> None:
    client = LspClient(tmp_path)
    client.initialize(tmp_path)
    assert client.proc.stdin is not None
    client.proc.stdin.write(b"Content-Length: abc\r\n\r\n{}")
    client.proc.stdin.flush()
    assert client.proc.wait(timeout=30) == 0
    assert "broken message framing" in client.stderr_tail()


def test_silent_and_half_open_connections_are_closed(server: str) -> None:  # noqa: F811
    host, port = server.removeprefix("http://").split(":")
    idle = socket.create_connection((host, int(port)))
    half = socket.create_connection((host, int(port)))
    half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
    for s in (idle, half):
        s.settimeout(60)
        assert s.recv(100) == b""  # closed by the server, not by the timeout here
        s.close()


def test_lsp_says_when_a_document_takes_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JDLINT_LINT_SECONDS", "0.001")
    client = LspClient(tmp_path)
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "long.md").as_uri()
        client.open(uri, POSTING)
        [diagnostic] = client.diagnostics(uri)["diagnostics"]
        assert "took longer than 0.001 s to check" in diagnostic["message"]
    finally:
        client.close()
