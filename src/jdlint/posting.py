"""From text to a Posting: front matter, Markdown blocks and a masked copy of the text.

`masked` has exactly the length of `text`, with everything that is not prose (front
matter, code, HTML, URLs, Markdown syntax) replaced by spaces and newlines kept. The NLP
layer tokenizes `masked`, so every token offset is an offset into the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

from .source import InputError, Source
from .yamlio import ConfigError, LineDict, load_text

_SCALAR_KEYS = ("title", "role", "level", "language")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Only the block structure and its line map are read: inline parsing would be wasted work.
_MD = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])

_FRONT_MATTER = re.compile(r"\A---[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?=\r\n|\r|\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SUPPRESS = re.compile(r"<!--\s*jdlint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->", re.S | re.I)
# Inline syntax that is not prose, in the order it is masked; each pattern with what any of its
# matches holds: a block without it is not searched (most hold none, and nine searches of
# every block took a third of parsing).
_INLINE_NOISE = [
    (("`",), re.compile(r"`+[^`]*`+")),  # inline code
    (("![",), re.compile(r"!\[[^\]]*\]\([^)]*\)")),  # images
    (("<",), re.compile(r"<(?:https?://|mailto:)[^>]*>")),  # autolinks
    (("<",), re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")),  # HTML tags
    (("]",), re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")),  # the target half of a link
    (("http", "www."), re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+")),  # bare URLs
    (("@",), re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),  # e-mail addresses (one start per word: linear)
    # emphasis, escapes
    (tuple("*_~\\["), re.compile(r"\*\*|__|~~|\\(?=[^\w\s])|(?<!\w)[*_\[](?=\S)|(?<=\S)[*_](?!\w)")),
    (("&",), re.compile(r"&(?:[a-z]+|#\d+);")),  # entities
]
_ATX = re.compile(r"^[ \t]*#{1,6}(?:[ \t]+|$)|[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_LIST_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_TABLE_PIPES = re.compile(r"\|")
# Bullets that writers type by hand and Markdown does not know: • ✓ ✅ ➤ → and emoji.
_HAND_BULLET = re.compile(r"^[ \t]*(?:[•·▪▫◦‣⁃∙●○■□►▶➤➔→⇒✓✔✗✘☑✅❌➜➢◆◇★☆–—]|[-*+](?=\S)|o[ \t]|\d{1,2}[.)]\s)[ \t]*")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b", re.I)
_HTML_ITEM = re.compile(r"^\s*<li\b", re.I)
_BOLD_LINE = re.compile(r"^[ \t]*(\*\*|__)(?P<inner>[^*_\n]{1,80}?)(?::\s*)?\1[ \t]*:?[ \t]*$")
_BOLD_LABEL = re.compile(r"^[ \t]*(\*\*|__)(?P<label>[^*_\n]{1,60}?):?\1:?[ \t]+\S")


@dataclass
class Block:
    kind: str  # title | heading | paragraph | item
    start: int  # offsets of the block's visible text in Posting.text
    end: int
    level: int = 0  # heading level (pseudo headings count as 6); nesting depth of items
    section: str = "other"
    label: str = ""  # a bold lead-in ("**Aufgaben:** ...") that names the block's section


@dataclass
class LineIndex:
    """Offsets to lines and columns. Lines split at CRLF, CR and LF alike."""

    starts: list[int]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        return cls([0] + [m.end() for m in _NEWLINE.finditer(text)])

    def line_of(self, offset: int) -> int:  # 0-based
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and code-point column."""
        line = self.line_of(offset)
        return line, offset - self.starts[line]


@dataclass
class Suppression:
    kind: str  # disable | enable | disable-next-line | disable-file
    names: tuple[str, ...]  # empty: every rule
    start: int
    end: int


@dataclass
class Posting:
    source: Source
    masked: str
    meta: dict[str, Any]
    blocks: list[Block]
    lines: LineIndex
    suppressions: list[Suppression]
    title: Block | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The text of Markdown blocks with their syntax kept (links, brackets, list markers),
    # blank where front matter, comments and code stand; offsets as in `text`.
    prose: str = ""
    empty_items: list[tuple[int, int]] = field(default_factory=list)  # list items with no text

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def path(self) -> str:
        return self.source.path

    def block_text(self, block: Block) -> str:
        return self.masked[block.start : block.end]


# A word as a reader counts it: "A/B-Testing", "CRM-Daten", "3.200" and "don't" are one each.
_WORD = re.compile(r"[^\W_](?:[\w\u00ad'’./-]*[^\W_])?")


def count_words(text: str) -> int:
    """Words as jdlint counts them (letters and digits, joined by hyphens, slashes, points and
    apostrophes), in masked or plain text."""
    return len(_WORD.findall(text))


def _blank(s: str) -> str:
    """Spaces for every character but line breaks, so offsets and lines survive."""
    return re.sub(r"[^\r\n]", " ", s)


def _mask_span(buf: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if buf[i] not in "\r\n":
            buf[i] = " "


def _front_matter(source: Source) -> tuple[dict[str, Any], int]:
    m = _FRONT_MATTER.match(source.text)
    if not m:
        return {}, 0
    try:
        data = load_text(m.group(1), source.path) if m.group(1).strip() else {}
    except ConfigError as exc:
        problem = exc.message.replace("invalid YAML:", "is not valid YAML:", 1)
        message = f"front matter {problem}" if problem != exc.message else f"front matter: {problem}"
        raise InputError(source.path, message, (exc.line or 0) + 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(source.path, "front matter must be a YAML mapping (key: value lines)", 2)
    for key in _SCALAR_KEYS:
        if isinstance(data.get(key), dict | list):
            line = (data.line_of(key) if isinstance(data, LineDict) else 0) or 0
            raise InputError(
                source.path, f"front matter '{key}' must be a single value, not a list or mapping", line + 1
            )
    return {str(k): v for k, v in data.items()}, m.end()


def _suppressions(text: str) -> list[Suppression]:
    out = []
    for m in _SUPPRESS.finditer(text):
        names = tuple(n for n in re.split(r"[\s,]+", m.group(2).strip()) if n)
        out.append(Suppression(m.group(1).lower(), names, m.start(), m.end()))
    return out


def _bullet_len(line: str) -> int:
    """Length of a hand-typed bullet at the start of the line, 0 if there is none."""
    m = _HAND_BULLET.match(line)
    if m:
        return m.end()
    s = line.lstrip()
    if len(s) > 2 and unicodedata.category(s[0]) == "So":  # emoji bullets
        n = len(line) - len(s) + 1
        while n < len(line) and (line[n] in "\ufe0f\u200d \t" or unicodedata.category(line[n]) == "So"):
            n += 1
        return n
    return 0


def _looks_like_heading(raw_line: str, visible: str) -> bool:
    words = visible.split()
    if not words or len(words) > 8:
        return False
    if _BOLD_LINE.match(raw_line):
        return True
    if visible.rstrip().endswith(":") and not visible.rstrip().endswith("::"):
        return visible.lstrip()[0].isupper() or not visible.lstrip()[0].isalnum()
    letters = [c for c in visible if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 6


def parse(source: Source) -> Posting:
    text = source.text
    meta, fm_end = _front_matter(source)
    buf = list(text)
    # Front matter and HTML comments are never prose.
    _mask_span(buf, 0, fm_end)
    for m in _COMMENT.finditer(text):
        _mask_span(buf, m.start(), m.end())
    lines = LineIndex.of(text)
    line_count = len(lines.starts)

    def line_bounds(i: int) -> tuple[int, int]:
        start = lines.starts[i]
        end = lines.starts[i + 1] if i + 1 < line_count else len(text)
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        return start, end

    # markdown-it counts lines as we do; give it the text with front matter blanked.
    md_src = _blank(text[:fm_end]) + text[fm_end:]
    tokens = _MD.parse("".join(md_src).replace("\r\n", "\n").replace("\r", "\n"))

    visible: list[tuple[int, int]] = []  # the lines that blocks cover
    regions: list[tuple[str, int, int, int]] = []  # kind, first line, last line (excl.), level
    stack: list[Any] = []
    item_depth = 0
    item_fresh = False  # next paragraph is the first of a list item
    seen_rows: set[int] = set()
    empty_items: list[tuple[int, int]] = []
    prev: Any = None
    for tok in tokens:
        if tok.type == "list_item_close" and prev is not None and prev.type == "list_item_open" and prev.map:
            empty_items.append(line_bounds(prev.map[0]))
        prev = tok
        if tok.nesting == 1:
            stack.append(tok)
            if tok.type == "list_item_open":
                item_depth += 1
                item_fresh = True
        elif tok.nesting == -1:
            if stack:
                stack.pop()
            if tok.type == "list_item_close":
                item_depth -= 1
        if tok.type == "inline" and tok.map:
            parent = stack[-1].type if stack else ""
            if parent == "heading_open":
                regions.append(("heading", tok.map[0], tok.map[1], int(stack[-1].tag[1:])))
            elif parent in ("th_open", "td_open"):
                if tok.map[0] not in seen_rows:
                    seen_rows.add(tok.map[0])
                    regions.append(("row", tok.map[0], tok.map[1], 0))
            elif any(t.type == "list_item_open" for t in stack):
                regions.append(("item" if item_fresh else "paragraph", tok.map[0], tok.map[1], item_depth))
                item_fresh = False
            else:
                regions.append(("paragraph", tok.map[0], tok.map[1], 0))
        elif tok.type == "html_block" and tok.map:
            regions.append(("html", tok.map[0], tok.map[1], 0))

    blocks: list[Block] = []
    for kind, first, last, level in regions:
        line_spans = [line_bounds(i) for i in range(first, min(last, line_count))]
        raw_lines = [text[s:e] for s, e in line_spans]
        visible.extend(line_spans)
        for n, (s, e) in enumerate(line_spans):
            raw = text[s:e]
            prefix = 0
            if kind == "heading":
                m = _ATX.match(raw)
                prefix = m.end() if m else 0
                tail = _ATX.search(raw, prefix)
                if tail and tail.start() > 0 and tail.start() >= prefix:
                    _mask_span(buf, s + tail.start(), e)
            elif kind == "item" and n == 0:
                m = _LIST_MARKER.match(raw)
                prefix = m.end() if m else 0
            else:
                m = _QUOTE.match(raw)
                prefix = m.end() if m else 0
                prefix += _bullet_len(raw[prefix:])
            _mask_span(buf, s, s + prefix)
            if kind == "row":
                for p in _TABLE_PIPES.finditer(raw):
                    buf[s + p.start()] = " "
        seg_start, seg_end = line_spans[0][0], line_spans[-1][1]
        seg = "".join(buf[seg_start:seg_end])
        for cues, rx in _INLINE_NOISE:
            if not any(c in seg for c in cues):
                continue
            found = [m.span() for m in rx.finditer(seg)]
            for a, b in found:
                _mask_span(buf, seg_start + a, seg_start + b)
            if found:  # the next pattern sees this one's masking
                seg = "".join(buf[seg_start:seg_end])
        masked_lines = ["".join(buf[s:e]) for s, e in line_spans]
        blocks.extend(_blocks_of(kind, level, line_spans, raw_lines, masked_lines))

    # Whatever no block covers (code, HTML, link definitions) is not prose.
    prose = list(text)
    done = 0
    for s, e in [*sorted(visible), (len(text), len(text))]:
        for i in range(done, s):
            if buf[i] not in "\r\n":
                buf[i] = prose[i] = " "
        done = max(done, e)
    for m in _COMMENT.finditer(text):
        _mask_span(prose, m.start(), m.end())
    masked = "".join(buf)
    for b in blocks:
        while b.start < b.end and masked[b.start].isspace():
            b.start += 1
        while b.end > b.start and masked[b.end - 1].isspace():
            b.end -= 1
    blocks = [b for b in blocks if b.end > b.start]
    return Posting(
        source, masked, meta, blocks, lines, _suppressions(text), prose="".join(prose), empty_items=empty_items
    )


def _blocks_of(
    kind: str,
    level: int,
    spans: list[tuple[int, int]],
    raw_lines: list[str],
    masked_lines: list[str],
) -> list[Block]:
    """One block for a Markdown block, or one per line where a paragraph is really a
    list or carries pseudo headings (bold lines, "Aufgaben:" lines, hand-typed bullets)."""
    if kind == "heading":
        s, e = _trim_line(spans[0], masked_lines[0])
        return [Block("heading", s, e, level)]
    if kind in ("paragraph", "html", "row", "item"):
        heads = [_looks_like_heading(r, m) for r, m in zip(raw_lines, masked_lines)]
        bullets = [_bullet_len(_QUOTE.sub("", r)) > 0 for r in raw_lines]
        if (
            kind == "html"
            or any(heads)
            or sum(bullets) >= (1 if len(raw_lines) > 1 else 2)
            or (kind == "paragraph" and len(raw_lines) == 1 and heads[0])
        ):
            out = []
            split = len(raw_lines) > 1 or heads[0]
            for span, raw, vis, head, bullet in zip(spans, raw_lines, masked_lines, heads, bullets):
                if not vis.strip():
                    continue
                s, e = _trim_line(span, vis)
                if kind == "html" and _HTML_HEADING.match(raw):
                    out.append(Block("heading", s, e, int(_HTML_HEADING.match(raw).group(1))))
                elif head and kind != "item":
                    out.append(Block("heading", s, e, 6))
                elif bullet or (split and kind != "html") or _HTML_ITEM.match(raw):
                    out.append(Block("item", s, e, max(level, 1)))
                else:
                    out.append(Block("paragraph", s, e, level))
            return out
    s = spans[0][0]
    e = spans[-1][1]
    label_match = _BOLD_LABEL.match(raw_lines[0])
    block = Block("item" if kind == "item" else "paragraph", s, e, level)
    if label_match:
        block.label = label_match.group("label").strip()
    return [block]


def _trim_line(span: tuple[int, int], visible: str) -> tuple[int, int]:
    s = span[0]
    lead = len(visible) - len(visible.lstrip())
    trail = len(visible.rstrip())
    return s + lead, s + trail
