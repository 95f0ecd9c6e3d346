"""Word files end to end: python-docx writes real .docx drafts, the command line reads, fixes
and annotates them, and the results are opened again and compared run by run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

docx = pytest.importorskip("docx", reason="python-docx is a dependency; reinstall jdlint")
from docx.enum.text import WD_COLOR_INDEX  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.text.run import Run  # noqa: E402


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jdlint", *args], cwd=cwd, capture_output=True, text=True)


def draft(path: Path) -> Path:
    """A Word draft as recruiters write them: title style, a heading set by outline level only,
    a numbered list, a bold lead-in, a table, character formatting across runs."""
    d = docx.Document()
    d.add_paragraph("Customer Service Representative (Leeds)", style="Title")
    p = d.add_paragraph("We are a ")
    p.add_run("young and dynamic").bold = True
    p.add_run(" team in Leeds. We are hiring a representative ")
    r = p.add_run("in order to")
    r.italic = True
    p.add_run(" answer customer calls in a timely manner.")
    h = d.add_paragraph("What you will do")
    h._p.get_or_add_pPr().append(h._p.makeelement(qn("w:outlineLvl"), {qn("w:val"): "0"}))
    for t in ("Answer calls from customers about orders and returns.", "Log every case in our CRM."):
        d.add_paragraph(t, style="List Number")
    lead = d.add_paragraph()
    lead.add_run("Hours:").bold = True
    hl = lead.add_run(" Monday to Friday, 9 to 5.")
    hl.font.highlight_color = WD_COLOR_INDEX.YELLOW
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Salary"
    table.cell(0, 1).text = "£24,000 to £27,000 a year"
    d.save(str(path))
    return path


def runs(path: Path) -> list[list[tuple[str, str]]]:
    """Every paragraph's runs as (text, formatting XML)."""
    from jdlint.formats.docx import paragraphs, pieces

    out = []
    for p in paragraphs(docx.Document(str(path))):
        out.append([(r.text, r._r.rPr.xml if r._r.rPr is not None else "") for r in pieces(p)])
    return out


def test_read_structure_and_positions(tmp_path: Path) -> None:
    path = draft(tmp_path / "draft.docx")
    from jdlint.formats import read

    text = read(path).text
    assert text.startswith("# Customer Service Representative (Leeds)\n\n")
    assert "\n## What you will do\n\n- Answer calls" in text  # heading by outline level, list by numbering
    assert "\n- Log every case in our CRM.\n" in text
    assert "**Hours:** Monday to Friday" in text  # bold lead-in
    assert "Salary\n\n£24,000 to £27,000 a year" in text  # table cells are paragraphs

    out = run("--format", "json", "draft.docx", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    findings = json.loads(out.stdout)[0]["findings"]
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    age = next(f for f in findings if f["name"] == "age-bias")
    assert age["paragraph"] == age["line"] == 2
    assert paras[1][age["column"] - 1 :].startswith(age["text"]) and age["text"].startswith("young")
    assert not any(f["name"] == "missing-pay-range" for f in findings)  # pay in the table counts

    text_out = run("draft.docx", cwd=tmp_path).stdout
    assert f"draft.docx:¶2:{age['column']}: warning JD" in text_out or f"draft.docx:¶2:{age['column']}: " in text_out


def test_fix_writes_a_copy_and_keeps_every_other_run(tmp_path: Path) -> None:
    path = draft(tmp_path / "draft.docx")
    before_bytes = path.read_bytes()
    before = runs(path)
    out = run("--fix", "--preview", "--select", "filler-word", "draft.docx", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert path.read_bytes() == before_bytes  # the original is never written
    fixed = tmp_path / "draft.jdlint.docx"
    assert "wrote" in out.stderr and fixed.name in out.stderr
    after = runs(fixed)
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [1]  # only the paragraph with the wordy phrases
    texts = [t for t, _ in after[1]]
    assert (
        "".join(texts)
        == "We are a young and dynamic team in Leeds. We are hiring a representative to answer customer calls promptly."
    )
    # Formatting kept: the italic run now says "to", the bold run is untouched.
    assert [(t, fmt) for t, fmt in after[1] if fmt] == [
        ("young and dynamic", before[1][1][1]),
        ("to", before[1][3][1]),
    ]
    # Linting the copy finds nothing left to fix.
    again = run("--preview", "--select", "filler-word", "draft.jdlint.docx", cwd=tmp_path)
    assert again.returncode == 0 and "All checks passed" in again.stdout


def test_diff_shows_the_text_change_and_writes_nothing(tmp_path: Path) -> None:
    draft(tmp_path / "draft.docx")
    out = run("--diff", "--preview", "--select", "filler-word", "draft.docx", cwd=tmp_path)
    assert "-We are a **young and dynamic**" not in out.stdout  # mid-paragraph bold is no lead-in
    assert "+We are a young and dynamic team in Leeds. We are hiring a representative to answer" in out.stdout
    assert not (tmp_path / "draft.jdlint.docx").exists()


def test_annotate_puts_each_finding_on_its_span(tmp_path: Path) -> None:
    path = draft(tmp_path / "draft.docx")
    before = runs(path)
    out = run("--annotate", "--format", "json", "draft.docx", cwd=tmp_path)
    findings = json.loads(out.stdout)[0]["findings"]
    annotated = docx.Document(str(tmp_path / "draft.jdlint.docx"))
    comments = list(annotated.comments)
    assert len(comments) == len(findings) > 0
    by_text = {c.text.split(":", 1)[0]: c for c in comments}
    age = next(f for f in findings if f["name"] == "age-bias")
    assert f"{age['code']} age-bias" in by_text
    # The comment's range covers exactly the flagged words.
    body = annotated.element.body
    start = body.xpath(f'.//w:commentRangeStart[@w:id="{by_text[age["code"] + " age-bias"].comment_id}"]')[0]
    covered = []
    node = start.getnext()
    while node is not None and node.tag != qn("w:commentRangeEnd"):
        if node.tag == qn("w:r"):
            covered.append(Run(node, None).text)
        node = node.getnext()
    assert "".join(covered) == age["text"]
    # Splitting runs for the comments changed no text and no formatting.
    assert [[(t, f) for t, f in p if t] for p in _merged(runs(tmp_path / "draft.jdlint.docx"))] == [
        [(t, f) for t, f in p if t] for p in _merged(before)
    ]


def _merged(paras: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Runs with the same formatting joined: a run split in two is the same text."""
    out: list[list[tuple[str, str]]] = []
    for p in paras:
        joined: list[tuple[str, str]] = []
        for t, f in p:
            if not t:  # the comment's reference mark
                continue
            if joined and joined[-1][1] == f:
                joined[-1] = (joined[-1][0] + t, f)
            else:
                joined.append((t, f))
        out.append(joined)
    return out


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a Word document (.docx) that can be read"),
        ("draft.odt", b"PK\x03\x04", "OpenDocument (.odt) is not supported"),
    ],
)
def test_unreadable_documents_get_a_clear_error(tmp_path: Path, name: str, data: bytes, error: str) -> None:
    (tmp_path / name).write_bytes(data)
    out = run(name, cwd=tmp_path)
    assert out.returncode == 2
    assert f"error: {name}: {error}" in out.stderr
    assert "Traceback" not in out.stderr


def test_folders_include_word_files(tmp_path: Path) -> None:
    draft(tmp_path / "draft.docx")
    (tmp_path / "other.md").write_text("# Agent\n\nYou answer calls.\n")
    out = run("--format", "json", ".", cwd=tmp_path)
    assert sorted(r["path"] for r in json.loads(out.stdout)) == ["draft.docx", "other.md"]


def test_library_reads_word_bytes(tmp_path: Path) -> None:
    import jdlint.api

    result: Any = jdlint.api.lint_bytes(draft(tmp_path / "draft.docx").read_bytes(), "draft.docx")
    assert result.origin is not None and result.origin.format == "docx"
    assert any(f.name == "age-bias" for f in result.findings)


def test_content_controls_and_tracked_insertions_are_read(tmp_path: Path) -> None:
    """HR templates put whole sections into content controls; a paragraph inside one counts."""
    d = docx.Document()
    d.add_paragraph("Customer Service Representative", style="Title")
    inside = d.add_paragraph("Join our young and dynamic team in Leeds.")
    sdt = inside._p.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    inside._p.addprevious(sdt)
    sdt.append(content)
    content.append(inside._p)
    d.save(str(tmp_path / "template.docx"))
    from jdlint.formats import read

    text = read(tmp_path / "template.docx").text
    assert "Join our young and dynamic team in Leeds." in text
    out = run("template.docx", cwd=tmp_path)
    assert "template.docx:¶2:" in out.stdout and "age-bias" in out.stdout
