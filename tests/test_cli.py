"""The CLI end to end, through the installed console script."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from conftest import FINDING_KEYS, ROOT, run

FILLER = "# Support agent\n\nYou answer calls in order to help customers.\n"


def test_example_posting_is_clean():
    r = run(str(ROOT / "examples" / "posting.md"))
    assert r.returncode == 0, r.stdout.decode()
    assert b"All checks passed" in r.stdout


def test_text_format_and_exit_code(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_text(FILLER)
    r = run(str(f), "--select", "filler-word")
    assert r.returncode == 1
    line = r.stdout.decode().splitlines()[0]
    assert line.startswith(f"{f}:3:18: warning JD301 filler-word")


def test_json_contract(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_text(FILLER)
    r = run(str(f), "--format", "json")
    data = json.loads(r.stdout)
    assert data[0]["path"] == str(f) and data[0]["language"] == "en"
    text = f.read_text()
    for finding in data[0]["findings"]:
        assert finding["text"] == text[finding["start"] : finding["end"]]
        assert set(finding) == FINDING_KEYS
    filler = next(x for x in data[0]["findings"] if x["name"] == "filler-word")
    assert filler["fix"]["applicability"] == "safe"
    assert filler["fix"]["edits"] == [{"start": filler["start"], "end": filler["end"], "new_text": "to"}]


def test_lsp_contract_uses_utf16(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_text("# Agent 🎧\n\n🎧 You answer calls in order to help.\n", encoding="utf-8")
    r = run(str(f), "--format", "lsp", "--select", "filler-word")
    params = json.loads(r.stdout.splitlines()[0])
    assert params["uri"] == f.resolve().as_uri()
    d = params["diagnostics"][0]
    # the emoji is two UTF-16 code units
    assert d["range"]["start"] == {"line": 2, "character": 2 + 1 + len("You answer calls ")}
    assert d["severity"] == 2 and d["source"] == "jdlint" and d["code"] == "JD301"
    assert d["data"]["fix"]["edits"][0]["new_text"] == "to"


def test_stdin_with_filename():
    r = run("-", "--stdin-filename", "draft.md", "--select", "filler-word", input=FILLER.encode())
    assert r.returncode == 1
    assert r.stdout.decode().startswith("draft.md:3:")


def test_fix_diff_and_idempotence(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_bytes(b"# Agent\r\n\r\nBasically, you answer calls in order to help.\r\n")
    os.chmod(f, 0o640)
    d = run(str(f), "--diff", "--select", "filler-word")
    assert b"-Basically, you answer calls in order to help." in d.stdout
    assert f.read_bytes().startswith(b"# Agent\r\n")
    run(str(f), "--fix", "--select", "filler-word")
    assert f.read_bytes() == b"# Agent\r\n\r\nYou answer calls to help.\r\n"
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    again = run(str(f), "--fix", "--select", "filler-word")
    assert again.returncode == 0
    assert f.read_bytes() == b"# Agent\r\n\r\nYou answer calls to help.\r\n"


def test_read_only_file_is_not_changed(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_text(FILLER)
    os.chmod(f, 0o444)
    r = run(str(f), "--fix", "--select", "filler-word")
    if os.geteuid() != 0:  # root may write anyway
        assert r.returncode == 2 and b"read-only" in r.stderr
        assert f.read_text() == FILLER


def test_directories_recurse_and_skip_hidden_and_binary(tmp_path: Path):
    (tmp_path / "a.md").write_text(FILLER)
    (tmp_path / "b.txt").write_text(FILLER)
    (tmp_path / "c.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "d.md").write_bytes(b"\x00\x01binary")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.md").write_text(FILLER)
    r = run(str(tmp_path), "--format", "json", "--select", "filler-word")
    paths = sorted(Path(x["path"]).name for x in json.loads(r.stdout))
    assert paths == ["a.md", "b.txt"]


def test_binary_file_named_explicitly_exits_2(tmp_path: Path):
    f = tmp_path / "x.md"
    f.write_bytes(b"\x00\x01\x02")
    r = run(str(f))
    assert r.returncode == 2
    assert str(f).encode() in r.stderr and b"Traceback" not in r.stderr


def test_config_file_select_options_and_errors(tmp_path: Path):
    (tmp_path / ".jdlint.yaml").write_text("select: [filler-word, too-short]\nrules:\n  too-short: {min-words: 3}\n")
    f = tmp_path / "sub" / "p.md"
    f.parent.mkdir()
    f.write_text(FILLER)
    out = run(str(f), "--format", "json").stdout
    names = {x["name"] for x in json.loads(out)[0]["findings"]}
    assert names == {"filler-word"}
    (tmp_path / ".jdlint.yaml").write_text("select: [filler-word]\nbogus: 1\n")
    r = run(str(f))
    assert r.returncode == 2 and b".jdlint.yaml:2" in r.stderr and b"bogus" in r.stderr
    (tmp_path / ".jdlint.yaml").write_text("select: [no-such-rule]\n")
    r = run(str(f))
    assert r.returncode == 2 and b"no-such-rule" in r.stderr
    (tmp_path / ".jdlint.yaml").write_text("select: [filler-word\n")
    r = run(str(f))
    assert r.returncode == 2 and b".jdlint.yaml:" in r.stderr and b"Traceback" not in r.stderr
    (tmp_path / ".jdlint.yaml").write_text("rules:\n  too-long: {max-wordz: 3}\n")
    r = run(str(f))
    assert r.returncode == 2 and b"max-wordz" in r.stderr


def test_pyproject_config(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.jdlint]\nselect = ["JD3"]\nfail-level = "error"\n')
    f = tmp_path / "p.md"
    f.write_text(FILLER)
    r = run(str(f))
    assert r.returncode == 0  # warnings only, fail-level error
    assert b"JD301" in r.stdout and b"JD101" not in r.stdout


def test_inline_suppressions(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_text(
        "# Agent\n\n<!-- jdlint-disable filler-word -->\nYou answer calls in order to help.\n"
        "<!-- jdlint-enable -->\n\n<!-- jdlint-disable-next-line JD301 -->\nYou log calls in order to learn.\n\n"
        "You route calls in order to help.\n\n<!-- jdlint-disable-next-line too-long -->\nNothing here.\n"
    )
    r = run(str(f), "--format", "json", "--select", "filler-word,unused-suppression")
    found = [(x["name"], x["line"]) for x in json.loads(r.stdout)[0]["findings"]]
    assert found == [("filler-word", 10), ("unused-suppression", 12)]


def test_rules_and_explain():
    r = run("rules")
    assert r.returncode == 0 and b"JD301" in r.stdout and b"filler-word" in r.stdout
    e = run("explain", "filler-word")
    assert e.returncode == 0 and b"A6" in e.stdout and b"Examples" in e.stdout
    assert run("explain", "nope").returncode == 2


def test_front_matter_overrides_language(tmp_path: Path):
    f = tmp_path / "p.md"
    f.write_text("---\nlanguage: de\n---\n# Agent\n\nYou answer calls.\n")
    data = json.loads(run(str(f), "--format", "json").stdout)
    assert data[0]["language"] == "de"
    f.write_text("---\nlanguage: fr\n---\n# Agent\n")
    r = run(str(f))
    assert r.returncode == 2 and b"language" in r.stderr


def test_output_is_whole_and_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path):
    """The command exits without tearing the interpreter down: what it printed must still arrive."""
    import subprocess

    from conftest import jdlint_exe

    for i in range(40):
        (tmp_path / f"p{i}.md").write_text("# Agent\n\nWe are a rockstar team. Apply now!\n", encoding="utf-8")
    whole = run("--format", "json", str(tmp_path))
    assert whole.returncode == 1 and len(json.loads(whole.stdout)) >= 40  # every finding, to the closing bracket
    # JSON: more than a pipe holds, so the write after the reader has gone fails
    cmd = [*jdlint_exe(), "--format", "json", str(tmp_path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    assert proc.wait(timeout=120) == 1
    assert b"Traceback" not in proc.stderr.read()
