"""Every shell and Python snippet in README.md, extracted and run as a reader would run it.

Shell lines run in a scratch folder that holds the files they name (posting.md, postings/ ...);
the install lines are CI's own steps (.ci/run runs them on a fresh machine), so here they are
only checked to be there. Python snippets run as scripts, each in a fresh interpreter."""

from __future__ import annotations

import csv
import json
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
    word(tmp / "draft.docx", DRAFT)
    (tmp / "page.html").write_text(web(DRAFT), encoding="utf-8")
    (tmp / "postings").mkdir()
    (tmp / "postings" / "one.md").write_text(EXAMPLE, encoding="utf-8")
    (tmp / "postings" / "two.md").write_text(DRAFT, encoding="utf-8")
    # Feeds for `jdlint batch`, with the columns the README's lines name.
    feed = [{"id": "one", "text": EXAMPLE}, {"id": "two", "text": DRAFT}]
    (tmp / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in feed), encoding="utf-8")
    with (tmp / "feed.csv").open("w", encoding="utf-8", newline="") as fh:
        table = csv.writer(fh)
        table.writerow(["job_id", "title", "description", "lang"])
        table.writerows([r["id"], "", r["text"], "en"] for r in feed)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(feed), tmp / "feed.parquet")
    except ImportError:  # the parquet extra, installed with .[dev]; its line then says what to install
        pass
    return tmp


def word(path: Path, markdown: str) -> None:
    """The posting as a Word file: headings in heading styles, bullets in a list style."""
    import docx

    d = docx.Document()
    for line in markdown.splitlines():
        heading = re.match(r"(#+) (.*)", line)
        if heading:
            d.add_heading(heading.group(2), len(heading.group(1)))
        elif line.startswith("- "):
            d.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            d.add_paragraph(line)
    d.save(str(path))


def web(markdown: str) -> str:
    """The posting as a career page: its blocks in an article, a JobPosting in JSON-LD."""
    import html
    import json

    body: list[str] = []
    lines: list[str] = []  # the paragraph being read

    def paragraph() -> None:
        if lines:
            body.append(f"<p>{html.escape(' '.join(lines))}</p>")
            lines.clear()

    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)  # front matter is not on the page
    for line in text.splitlines():
        heading = re.match(r"(#+) (.*)", line)
        if heading or line.startswith("- ") or not line.strip():
            paragraph()
        if heading:
            n = len(heading.group(1))
            body.append(f"<h{n}>{html.escape(heading.group(2))}</h{n}>")
        elif line.startswith("- "):
            body.append(f"<ul><li>{html.escape(line[2:])}</li></ul>")
        elif line.strip():
            lines.append(line.strip())
    paragraph()
    title = re.search(r"^# (.*)$", markdown, re.M)
    job = {"@context": "https://schema.org/", "@type": "JobPosting", "title": title.group(1) if title else "Job",
           "description": "\n".join(body), "datePosted": "2026-01-05"}  # fmt: skip
    markup = json.dumps(job, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<html><head><script type="application/ld+json">{markup}</script></head>'
        f"<body><nav>Jobs</nav><article>{''.join(body)}</article></body></html>"
    )


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
    output = re.search(r"--output (\S+)", command)
    wrote = output is not None and (tmp_path / output.group(1)).stat().st_size > 0
    assert done.stdout or "> " in command or wrote, f"{command} printed nothing"


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
