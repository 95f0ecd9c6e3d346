"""Every shell and Python snippet in README.md, extracted and run as a reader would run it.

Shell lines run in a scratch folder that holds the files they name (posting.md, postings/ ...);
the install lines are CI's own steps (.ci/run runs them on a fresh machine), so here they are
only checked to be there. Python snippets run as scripts, each in a fresh interpreter."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, jdlint_exe

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = (ROOT / "examples" / "posting.md").read_text(encoding="utf-8")
DRAFT = EXAMPLE.replace(" to ", " in order to ", 1)  # with something to fix


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def shell_lines() -> list[str]:
    out = []
    for block in blocks("sh"):
        for line in block.splitlines():
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            if command and not command.startswith("#"):
                out.append(command)
    return out


def scratch(tmp: Path) -> Path:
    for name in ("posting.md", "p.md", "draft.md"):
        (tmp / name).write_text(DRAFT, encoding="utf-8")
    (tmp / "postings").mkdir()
    (tmp / "postings" / "one.md").write_text(EXAMPLE, encoding="utf-8")
    (tmp / "postings" / "two.md").write_text(DRAFT, encoding="utf-8")
    return tmp


INSTALLS = [c for c in shell_lines() if c.startswith("pip install")]
RUNS = [c for c in shell_lines() if c.startswith(("jdlint", "cat "))]


def test_every_shell_line_is_run_here_or_by_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    rest = [c for c in shell_lines() if c not in INSTALLS + RUNS]
    assert rest == ["ruff check src tests", "python -m jdlint.docs"], rest  # run by the tests below
    dev = re.search(r"^dev = \[(.*?)^\]", (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.S | re.M)
    for command in INSTALLS:
        step = command.split(" && ")[0]
        extra = re.fullmatch(r"pip install 'jdlint\[(\w+)\]'", step)
        if extra:  # an extra the test suite installs with .[dev], and so tests
            assert dev and "jdlint[" in dev.group(1) and extra.group(1) in dev.group(1), step
        else:
            assert step.replace("pip install", "pip install -q") in ci, f"README's {command!r} is not run by .ci/run"


@pytest.mark.parametrize("command", [c for c in RUNS if not c.startswith(("jdlint lsp", "jdlint serve"))])
def test_shell_line(command: str, tmp_path: Path) -> None:
    exe = " ".join(jdlint_exe())
    line = re.sub(r"(^|\| )jdlint\b", lambda m: m.group(1) + exe, command)
    done = subprocess.run(["bash", "-c", line], cwd=scratch(tmp_path), capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), f"{command}: exit {done.returncode}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout or "> " in command, f"{command} printed nothing"


def test_serve_line_starts_the_page(tmp_path: Path) -> None:
    assert "jdlint serve" in RUNS
    proc = subprocess.Popen([*jdlint_exe(), "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert re.search(r"http://127\.0\.0\.1:\d+/", first), first
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_lsp_line_answers_on_stdio() -> None:
    assert "jdlint lsp" in RUNS
    body = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
    message = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    done = subprocess.run([*jdlint_exe(), "lsp"], input=message, capture_output=True, timeout=120)
    assert b'"capabilities"' in done.stdout, done.stderr


def test_development_lines(tmp_path: Path) -> None:
    if shutil.which("ruff"):
        lint = subprocess.run(["ruff", "check", "src", "tests"], cwd=ROOT, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout
    (tmp_path / "docs").mkdir()
    subprocess.run([sys.executable, "-m", "jdlint.docs"], cwd=tmp_path, check=True, capture_output=True)
    fresh = (tmp_path / "docs" / "rules.md").read_text(encoding="utf-8")
    assert fresh == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), "docs/rules.md is stale"


@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_python_snippet(index: int, tmp_path: Path) -> None:
    code = blocks("python")[index]
    # The README's placeholders, filled in: a posting's text, and a few postings for Dask.
    code = code.replace("texts = [...]", f"texts = [{EXAMPLE!r}] * 4").replace("npartitions=64", "npartitions=2")
    script = tmp_path / "snippet.py"
    script.write_text(f"text = {EXAMPLE!r}\n{code}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=scratch(tmp_path), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
