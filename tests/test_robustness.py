"""Bad input never crashes jdlint, and --fix never loses a byte.

Every input gets a clear outcome: findings, or exit 2 with a message naming the file (and
line where there is one); never a traceback, a hang, or a file changed that should not be."""

from __future__ import annotations

import codecs
import json
import os
import resource
import subprocess
import time
from pathlib import Path

import pytest
from conftest import jdlint_exe, run

import jdlint
from jdlint.api import lint_bytes, lint_file
from jdlint.config import load
from jdlint.engine import lint_source
from jdlint.source import InputError, Source, decode
from jdlint.yamlio import ConfigError

FILLER = "# Support agent\n\nYou answer calls in order to help customers.\n"
FIXED = "# Support agent\n\nYou answer calls to help customers.\n"


def lint_json(*args: str, cwd: Path | None = None) -> tuple[int, list[dict], str]:
    """Run the CLI with JSON output: exit code, parsed results, stderr."""
    p = run("--format", "json", *args, cwd=cwd)
    err = p.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return p.returncode, json.loads(p.stdout) if p.stdout.strip() else [], err


def assert_error(p: subprocess.CompletedProcess[bytes], where: str) -> str:
    """Exit 2 with a one-line message naming the file (and line), no traceback."""
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 2, (p.returncode, err, p.stdout[:500])
    assert "Traceback" not in err, err
    assert where in err, err
    return err


def assert_findings_sound(result: jdlint.Result) -> None:
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(result.text), f


# -- encodings, byte-order marks, line endings ---------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n", b"   \n\t\n\r\n", b"\xef\xbb\xbf", b"\r\r\r"])
def test_empty_and_blank_files_lint(data: bytes) -> None:
    result = lint_bytes(data, "blank.md")
    assert result.error is None
    assert {f.name for f in result.findings} >= {"too-short"}
    assert_findings_sound(result)


@pytest.mark.parametrize(
    "data",
    [b"# Title\x00\n\nText\n", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)],
)
def test_binary_files_are_an_input_error(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "posting.md"
    f.write_bytes(data)
    err = assert_error(run(str(f)), str(f))
    assert "binary" in err


def test_invalid_bytes_with_controls_name_the_line(tmp_path: Path) -> None:
    f = tmp_path / "posting.md"
    f.write_bytes(b"# Title\n\nfine\n\x01\xff\xfe broken\n")
    assert_error(run(str(f)), f"{f}:4")


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("latin-1"), "cp1252"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8"),
    ],
    ids=["latin-1", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_encodings_fix_round_trip(tmp_path: Path, encode, encoding: str) -> None:
    """Each encoding is read, linted and written back in the same encoding and BOM."""
    original = FILLER.replace("customers", "Kunden in Köln")
    f = tmp_path / "posting.md"
    f.write_bytes(encode(original))
    result = lint_file(f)
    assert result.error is None and result.encoding == encoding
    assert "filler-word" in {x.name for x in result.findings}
    p = run("--fix", "--select", "filler-word", str(f))
    assert p.returncode == 0, p.stderr
    assert f.read_bytes() == encode(FIXED.replace("customers", "Kunden in Köln"))


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_line_endings_and_bom_kept_by_fix(tmp_path: Path, newline: str, bom: bool) -> None:
    f = tmp_path / "posting.md"
    head = codecs.BOM_UTF8 if bom else b""
    f.write_bytes(head + FILLER.replace("\n", newline).encode())
    _, results, _ = lint_json("--select", "filler-word", str(f))
    (finding,) = results[0]["findings"]
    assert finding["line"] == 3 and finding["text"] == "in order to", finding
    assert run("--fix", "--select", "filler-word", str(f)).returncode == 0
    assert f.read_bytes() == head + FIXED.replace("\n", newline).encode()


# -- front matter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("---\ntitle: [unclosed\nrole: x\n---\n# T\n", 3, "not valid YAML"),
        ("---\n- a\n- b\n---\n# T\n", 2, "mapping"),
        ("---\njust a sentence\n---\n# T\n", 2, "mapping"),
        ("---\nlanguage: fr\n---\n# T\n", 2, "language"),
    ],
    ids=["broken", "list", "scalar", "bad-value"],
)
def test_bad_front_matter_is_an_input_error_with_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    f = tmp_path / "posting.md"
    f.write_text(text)
    assert says in assert_error(run(str(f)), f"{f}:{line}")


@pytest.mark.parametrize("text", ["---", "---\n", "---\n---\n", "---\n\n---\n# T\n", "---\r\n---\r\n# T\r\n"])
def test_empty_or_unclosed_front_matter_lints(text: str) -> None:
    result = jdlint.lint_text(text)
    assert {f.name for f in result.findings} >= {"too-short"}
    assert_findings_sound(result)


# -- markup and unicode ---------------------------------------------------------------------


def test_pasted_html_lints_and_spans_hold(tmp_path: Path) -> None:
    text = (
        '<div class="job"><h2>Ihre Aufgaben</h2>\n<ul><li>Kunden beraten</li><li>in order to</li></ul>\n'
        "<script>var x = '<b>in order to</b>';</script>\n<table><tr><td>a</td></tr></table></div>\n\n"
        "# Support agent <b>now</b>\n\nYou <i>answer</i> calls in order to help &amp; <br/> assist.\n"
        "<!-- an unclosed comment <b>"
    )
    f = tmp_path / "posting.md"
    f.write_text(text)
    code, results, _ = lint_json(str(f))
    assert code in (0, 1)
    for x in results[0]["findings"]:
        assert text[x["start"] : x["end"]] == x["text"]


def test_emoji_zero_width_and_nbsp(tmp_path: Path) -> None:
    text = (
        "# Support 👩\u200d💻 agent\u200b\n\n"
        "You\u00a0answer calls\u200d 🙂 in order to help 👨\u200d👩\u200d👧 customers\ufeff.\n\n"
        "- 🚀\ufe0f fast\u2028answers\n- \u202eright-to-left\u202c in\u00a0order\u00a0to\n"
    )
    f = tmp_path / "posting.md"
    f.write_text(text, encoding="utf-8")
    code, results, _ = lint_json(str(f))
    assert code in (0, 1)
    findings = results[0]["findings"]
    assert any(x["name"] == "filler-word" for x in findings)
    for x in findings:
        assert text[x["start"] : x["end"]] == x["text"]


@pytest.mark.parametrize(
    "line",
    [lambda i: "  " * i + f"- item {i}\n", lambda i: ">" * i + f" - item {i}\n", lambda i: "- " * i + "item\n"],
    ids=["indented", "quoted", "stacked"],
)
def test_lists_nested_200_deep(line) -> None:
    text = "# Support agent\n\n" + "".join(line(i) for i in range(200))
    result = jdlint.lint_text(text, language="en")
    assert_findings_sound(result)


def test_single_500_kb_line(tmp_path: Path) -> None:
    f = tmp_path / "posting.md"
    f.write_text("# Support agent\n\n" + "You answer calls in order to help customers. " * 11_200 + "\n")
    assert f.stat().st_size > 500_000
    start = time.monotonic()
    p = run("--statistics", str(f))
    assert p.returncode in (0, 1), p.stderr
    assert b"filler-word" in p.stdout
    assert time.monotonic() - start < 240


def test_5_mb_file_completes_in_bounded_memory(tmp_path: Path) -> None:
    words = ["we", "you", "customers", "answer", "calls", "help", "team", "support", "office", "Kunden", "beraten"]
    parts = ["# Support agent\n"]
    n = 0
    while sum(map(len, parts)) < 5 * 1024 * 1024:
        n += 1
        body = " ".join(words[(n * 7 + k) % len(words)] for k in range(40))
        parts.append(f"\n## Section {n}\n\n{body}.\n\n- {body[:80]}\n" if n % 5 == 0 else f"\n{body}.\n")
    f = tmp_path / "big.md"
    f.write_text("".join(parts))
    # Structure, wording and length rules: the whole pipeline (decode, parse, tag) runs; the
    # role-coverage rules scale linearly too but at ~a minute per MB, too slow for CI.
    p = run("--statistics", "--select", "JD1,JD3,JD4", str(f))
    assert p.returncode in (0, 1), p.stderr[-2000:]
    # ru_maxrss (KiB on Linux) is the largest of every child waited for: an upper bound.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1.5 * 1024 * 1024, f"peak RSS {peak_kib} KiB"


# -- files and folders ----------------------------------------------------------------------


def test_folder_with_images_and_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "posting.md").write_text(FILLER)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))  # a mislabelled image
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    code, results, err = lint_json(str(tmp_path))
    assert code == 1 and err == ""
    assert [Path(r["path"]).name for r in results] == ["posting.md"]


def test_symlink_loop_named_directly(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    assert_error(run(str(tmp_path / "a.md")), "a.md")


def test_missing_file_and_folder_in_place_of_a_file(tmp_path: Path) -> None:
    assert "no such file" in assert_error(run(str(tmp_path / "nope.md")), "nope.md")
    (tmp_path / "dir.md").mkdir()
    assert "is a directory" in str(lint_file(tmp_path / "dir.md").error)


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: file permissions do not stop root from reading")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "posting.md"
    f.write_text(FILLER)
    f.chmod(0)
    try:
        assert "permission denied" in assert_error(run(str(f)), str(f))
    finally:
        f.chmod(0o644)


def test_read_only_file_with_fix_is_unchanged(tmp_path: Path) -> None:
    f = tmp_path / "posting.md"
    f.write_text(FILLER)
    f.chmod(0o444)
    assert "read-only" in assert_error(run("--fix", str(f)), str(f))
    assert f.read_text() == FILLER and (f.stat().st_mode & 0o777) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posting.md"]


# -- configuration, user rules and user models ----------------------------------------------


@pytest.mark.parametrize(
    ("config", "line", "says"),
    [
        ("language: en\nselct: [ALL]\n", 2, "unknown key 'selct'"),
        ("ignore:\n  - filler-word\n  - no-such-rule\n", None, "unknown rule or code 'no-such-rule'"),
        ("rules:\n  filler-word: {colour: red}\n", None, "no option 'colour'"),
        ("language: en\nrules: [\n", 3, "invalid YAML"),
        ("language: en\n  level: junior\n", 2, "invalid YAML"),
        ("- just\n- a list\n", 1, "mapping"),
        ("fail-level: loud\n", 1, "fail-level"),
    ],
    ids=["unknown-key", "unknown-rule", "unknown-option", "unclosed", "bad-indent", "list", "bad-value"],
)
def test_config_errors_name_file_and_line(tmp_path: Path, config: str, line: int | None, says: str) -> None:
    (tmp_path / ".jdlint.yaml").write_text(config)
    (tmp_path / "posting.md").write_text(FILLER)
    where = f".jdlint.yaml:{line}:" if line else ".jdlint.yaml:"
    assert says in assert_error(run("posting.md", cwd=tmp_path), where)


RULE = """code: JD390
name: house-words
kind: lexicon
severity: warning
advice: A6
message: {{en: "'{{text}}' is a house word"}}
data:
  terms:
    en:
      - {{regex: '{regex}'}}
"""


def test_catastrophic_regex_runs_in_linear_time(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yaml").write_text(RULE.format(regex="(a+)+$"))
    cfg = tmp_path / ".jdlint.yaml"
    cfg.write_text("rule-dirs: [rules]\nselect: [house-words]\nlanguage: en\n")
    text = "# Support agent\n\n" + ("a" * 40 + "b ") * 500 + "\n\n" + "a" * 30  # RE2: $ is the very end
    config = load(cfg)
    lint_source(Source("warm.md", "# a\n"), config)  # load the pipeline outside the clock
    start = time.monotonic()
    result = lint_source(Source("posting.md", text), config)
    assert time.monotonic() - start < 20  # a backtracking engine needs ~2^40 steps per word
    assert [text[f.start : f.end] for f in result.findings] == ["a" * 30]


def test_invalid_regex_is_a_config_error_with_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yaml").write_text(RULE.format(regex="(unclosed"))
    (tmp_path / ".jdlint.yaml").write_text("rule-dirs: [rules]\n")
    (tmp_path / "posting.md").write_text(FILLER)
    assert "regular expression" in assert_error(run("posting.md", cwd=tmp_path), "house.yaml:10")


def test_malformed_user_rule_and_model_yaml(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "models").mkdir()
    (tmp_path / "posting.md").write_text(FILLER)
    (tmp_path / "rules" / "broken.yaml").write_text("code: JD391\nname: [broken\nkind: lexicon\n")
    (tmp_path / ".jdlint.yaml").write_text("rule-dirs: [rules]\n")
    assert_error(run("posting.md", cwd=tmp_path), "broken.yaml:3")
    (tmp_path / "rules" / "broken.yaml").unlink()
    (tmp_path / "models" / "agent.yaml").write_text("id: agent\ntitles:\n  en: [agent\n  de: x\n")
    (tmp_path / ".jdlint.yaml").write_text("model-dirs: [models]\n")
    assert_error(run("posting.md", cwd=tmp_path), "agent.yaml:")
    assert_error(run("roles", cwd=tmp_path), "agent.yaml:")


PYTHON_TAG = '!!python/object/apply:os.system ["touch {marker}"]'


@pytest.mark.parametrize("where", ["config", "front-matter", "rule", "model"])
def test_yaml_cannot_construct_python_objects(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "EXECUTED"
    tag = PYTHON_TAG.format(marker=marker)
    posting = tmp_path / "posting.md"
    posting.write_text(FILLER)
    if where == "config":
        (tmp_path / ".jdlint.yaml").write_text(f"language: {tag}\n")
        culprit = ".jdlint.yaml:1"
    elif where == "front-matter":
        posting.write_text(f"---\ntitle: {tag}\n---\n{FILLER}")
        culprit = "posting.md:2"
    elif where == "rule":
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "evil.yaml").write_text(f"code: JD392\nname: {tag}\n")
        (tmp_path / ".jdlint.yaml").write_text("rule-dirs: [rules]\n")
        culprit = "evil.yaml:2"
    else:
        (tmp_path / "models").mkdir()
        (tmp_path / "models" / "evil.yaml").write_text(f"id: evil\nfamily: {tag}\n")
        (tmp_path / ".jdlint.yaml").write_text("model-dirs: [models]\n")
        culprit = "evil.yaml:2"
    err = assert_error(run("posting.md", cwd=tmp_path), culprit)
    assert "python/object" in err
    assert not marker.exists()
    if where == "config":  # the loaders refuse the tag in-process as well
        with pytest.raises(ConfigError, match="python/object"):
            load(tmp_path / ".jdlint.yaml")
    elif where == "front-matter":
        with pytest.raises(InputError, match="python/object"):
            lint_source(decode(posting.read_bytes(), str(posting)))
    assert not marker.exists()


# -- atomic writes --------------------------------------------------------------------------


def test_fix_keeps_permissions(tmp_path: Path) -> None:
    f = tmp_path / "posting.md"
    f.write_text(FILLER)
    f.chmod(0o640)
    assert run("--fix", "--select", "filler-word", str(f)).returncode == 0
    assert f.read_text() == FIXED and (f.stat().st_mode & 0o7777) == 0o640


def _no_temp_files(folder: Path) -> bool:
    return not any(p.name.endswith(".jdlint-tmp") for p in folder.iterdir())


def test_encode_error_leaves_file_intact(tmp_path: Path) -> None:
    """A cp1252 file whose fix needs a character cp1252 lacks: exit 2, file untouched."""
    (tmp_path / ".jdlint.yaml").write_text(
        'rules:\n  filler-word:\n    add: {en: [{match: "synergize", replace: "work together ☃"}]}\n'
    )
    f = tmp_path / "posting.md"
    original = "# Support agent – Köln\n\nWe synergize with customers in order to help.\n".encode("cp1252")
    f.write_bytes(original)
    assert lint_file(f).encoding == "cp1252"
    assert "cp1252" in assert_error(run("--fix", "posting.md", cwd=tmp_path), "posting.md")
    assert f.read_bytes() == original and _no_temp_files(tmp_path)


def test_failure_mid_write_leaves_file_intact(tmp_path: Path) -> None:
    """The temporary file cannot be written in full (a file-size limit, which binds root
    too): the original stays as it was and no temporary file is left behind."""
    f = tmp_path / "posting.md"
    original = (FILLER + "More words for the file. " * 400 + "\n").encode()
    f.write_bytes(original)
    limit = len(original) // 2

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    p = subprocess.run(
        [*jdlint_exe(), "--fix", "--select", "filler-word", str(f)],
        capture_output=True,
        timeout=300,
        preexec_fn=limit_file_size,
    )
    assert "cannot write" in assert_error(p, str(f))
    assert f.read_bytes() == original and _no_temp_files(tmp_path)


def test_fix_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    """Documented behaviour: --fix on a symlink writes through to its target; the link stays."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "posting.md"
    target.write_text(FILLER)
    target.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert run("--fix", "--select", "filler-word", str(link)).returncode == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text() == FIXED and (target.stat().st_mode & 0o777) == 0o600
    assert _no_temp_files(tmp_path) and _no_temp_files(tmp_path / "real")
