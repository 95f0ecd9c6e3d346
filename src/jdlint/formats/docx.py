"""Word (.docx): read into Markdown, fixed in a copy, annotated with comments.

Headings come from the paragraph style or its outline level, list items from numbering or a
list style, a bold start of a paragraph is a lead-in ("**Aufgaben:** ..."), and table cells
are paragraphs. Paragraphs are numbered in reading order, table cells included; a finding is
placed by paragraph and character."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from ..fixes import choose, fix_loop
from ..model import Fix, Result
from ..source import InputError, Origin, Source
from ._build import Builder

_HEADING_STYLE = re.compile(r"(?:heading|überschrift)\s*(\d)", re.I)
_LIST_STYLE = re.compile(r"^(?:list|liste|aufzählung)", re.I)
# Run content that `Run.text` reads and writes without loss; a run with anything else (a
# picture, a field) is never rewritten.
_PLAIN = {"rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "lastRenderedPageBreak"}


def _open(data: bytes, path: str) -> Any:
    try:
        import docx
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise InputError(path, "reading Word files needs python-docx: pip install python-docx") from None
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"not a Word document (.docx) that can be read: {exc}") from None


def paragraphs(document: Any) -> list[Any]:
    """Every paragraph in reading order: those in table cells (a merged cell once) and in
    content controls (templates put whole sections in them) included."""
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    out: list[Any] = []

    def walk(element: Any, parent: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append(Paragraph(child, parent))
            elif tag == "tc":
                walk(child, _Cell(child, parent))
            elif tag in ("tbl", "tr", "sdt", "sdtContent", "customXml", "ins"):
                walk(child, parent)

    walk(document.element.body, document._body)
    return out


def _val(element: Any, xpath: str) -> str | None:
    found = element.xpath(xpath)
    return str(found[0]) if found else None


def _kind(paragraph: Any) -> tuple[str, int]:
    """heading (level; the Title style 0), item (depth) or paragraph."""
    style = paragraph.style
    name = style.name if style is not None else ""
    p = paragraph._p
    if name == "Title":
        return "heading", 0
    m = _HEADING_STYLE.match(name or "")
    outline = _val(p, "./w:pPr/w:outlineLvl/@w:val")
    if outline is None and style is not None:
        outline = _val(style.element, "./w:pPr/w:outlineLvl/@w:val")
    if m or (outline is not None and outline.isdigit() and int(outline) < 6):
        return "heading", int(m.group(1)) if m else int(outline or 0) + 1
    numbered = p.xpath("./w:pPr/w:numPr/w:numId") or (
        style is not None and style.element.xpath("./w:pPr/w:numPr/w:numId")
    )
    if numbered or _LIST_STYLE.match(name or ""):
        depth = _val(p, "./w:pPr/w:numPr/w:ilvl/@w:val")
        return "item", int(depth) if depth and depth.isdigit() else 0
    return "paragraph", 0


def pieces(paragraph: Any) -> list[Any]:
    """The paragraph's runs, those of its hyperlinks included, in order: their texts make up
    `paragraph.text`."""
    out: list[Any] = []
    for item in paragraph.iter_inner_content():
        out.extend(item.runs if hasattr(item, "runs") else [item])
    return out


def _bold_lead(paragraph: Any, text: str) -> int:
    """Length of a bold start of the paragraph ("Aufgaben:" in bold, then plain text), 0 if
    none; the whole text when all of it is bold (a pseudo heading)."""
    n = 0
    for run in pieces(paragraph):
        if not run.text:
            continue
        if not run.bold:
            break
        n += len(run.text)
    return n if text[:n].strip() else 0


def read(data: bytes, path: str) -> Source:
    document = _open(data, path)
    b = Builder()
    paras = paragraphs(document)
    kinds = [_kind(p) for p in paras]
    # A document with a title has its headings one level below it.
    shift = 1 if ("heading", 0) in kinds else 0
    for number, (paragraph, (kind, level)) in enumerate(zip(paras, kinds)):
        raw = paragraph.text
        text = raw.strip()
        if not text:
            continue
        b.block(kind, level + shift if kind == "heading" else level)
        start = len(raw) - len(raw.lstrip())
        lead = min(_bold_lead(paragraph, raw) - start, len(text)) if kind != "heading" else 0
        if lead > 0:
            head = text[:lead].rstrip()
            b.markup("**")
            b.text(head, number, start)
            b.markup("**")
            start += len(head)
            text = text[len(head) :]
        b.text(text, number, start)
    b.markup("\n")
    markdown, origin = b.origin("docx")
    return Source(path, markdown, origin=origin)


def _plain(run: Any) -> bool:
    return all(child.tag.rsplit("}", 1)[-1] in _PLAIN for child in run._r)


def _spans(paragraph: Any) -> list[tuple[int, int, Any]]:
    """(start, end, run) for each run, in paragraph.text offsets."""
    out, pos = [], 0
    for run in pieces(paragraph):
        out.append((pos, pos + len(run.text), run))
        pos += len(run.text)
    return out


def _split(paragraph: Any, at: int) -> None:
    """Split the run that holds offset `at` in two there, both keeping its formatting."""
    for s, e, run in _spans(paragraph):
        if s < at < e and _plain(run):
            text = run.text
            twin = copy.deepcopy(run._r)
            run._r.addnext(twin)
            run.text = text[: at - s]
            type(run)(twin, run._parent).text = text[at - s :]
            return


def edit(paragraph: Any, start: int, end: int, new_text: str) -> bool:
    """Replace paragraph.text[start:end] by `new_text` in its runs, formatting kept: the new
    text takes the format of the first run it replaces. False if the runs cannot be rewritten."""
    spans = _spans(paragraph)
    if end > start:
        touched = [(s, e, r) for s, e, r in spans if s < end and e > start]
    else:
        touched = [(s, e, r) for s, e, r in spans if s <= start < e][:1] or [x for x in spans if x[1] == start][-1:]
    if not touched or not all(_plain(r) for _, _, r in touched):
        return False
    for i, (s, e, run) in enumerate(touched):
        text = run.text
        run.text = text[: max(start - s, 0)] + (new_text if i == 0 else "") + text[min(end, e) - s :]
    return True


def runs_for(paragraph: Any, start: int, end: int) -> list[Any]:
    """Runs that cover exactly paragraph.text[start:end] where the runs can be split there,
    else the runs around it; empty where the paragraph has no run."""
    if end > start:
        _split(paragraph, start)
        _split(paragraph, end)
    spans = _spans(paragraph)
    inside = [r for s, e, r in spans if s < end and e > start]
    return inside or [r for _, _, r in spans][:1]


def save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def places(origin: Origin, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(paragraph, start, end) in the original for a span of the Markdown text, one per
    paragraph it touches."""
    for s, e, paragraph, base in origin.segments:
        if s <= end and e >= start and (s < end or start == end):
            yield paragraph, base + max(start - s, 0), base + min(end, e) - s


def fix(data: bytes, path: str, lint: Callable[[Source], Result], unsafe: bool = False) -> tuple[bytes, Result, int]:
    """Apply fixes in the document's runs, in the passes fixes.fix_loop makes for a text. A fix
    whose edits leave one paragraph's text, or touch a run holding more than text, is not
    applied; it stays a finding."""
    origins: list[Origin] = []  # of the document as last linted: where the fixes' offsets point

    def lint_doc(doc: bytes) -> Result:
        result = lint(read(doc, path))
        origins[:] = [_origin(result)]
        return result

    def apply_doc(doc: bytes, fixes: list[Fix]) -> tuple[bytes, int]:
        document = _open(doc, path)
        paras = paragraphs(document)
        todo = []
        for f in choose(fixes):
            spots = [list(places(origins[0], e.start, e.end)) for e in f.edits]
            if all(len(spot) == 1 for spot in spots):
                todo.extend((*spot[0], e.new_text) for spot, e in zip(spots, f.edits))
        # Later edits first, so earlier offsets in a paragraph stay valid.
        applied = sum(edit(paras[p], s, e, new) for p, s, e, new in sorted(todo, reverse=True))
        return (save(document), applied) if applied else (doc, 0)

    return fix_loop(data, lint_doc, apply_doc, unsafe)


def annotate(data: bytes, path: str, result: Result, author: str = "jdlint") -> bytes:
    """The document with every finding as a Word comment on its span (a finding about the
    whole posting on its first paragraph)."""
    document = _open(data, path)
    paras = paragraphs(document)
    origin = _origin(result)
    for f in sorted(result.findings, key=lambda f: (f.start, f.end), reverse=True):
        spots = list(places(origin, f.start, f.end)) or list(places(origin, *origin.segments[0][:2]))[:1]
        if not spots:
            continue
        first, last = spots[0], spots[-1]
        runs = runs_for(paras[first[0]], first[1], first[2] if first is last else len(paras[first[0]].text))
        if last is not first:
            runs += runs_for(paras[last[0]], 0, last[2])
        if runs:
            text = f"{f.code} {f.name}: {f.message}"
            if f.fix:
                text += f"\n{f.fix.description}"
            document.add_comment(runs, text=text, author=author, initials="JD")
    return save(document)


def _origin(result: Result) -> Origin:
    if result.origin is None:
        raise ValueError("not a result for a Word document")
    return result.origin
