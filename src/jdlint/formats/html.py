"""Web pages (.html, .htm): career pages read into Markdown, with their JobPosting markup.

The page's visible content becomes Markdown blocks: h1–h6 headings, paragraphs (p, div,
section, table cells ...), list items (nested two spaces a level), a bold start of a paragraph
or item as a lead-in ("**Your tasks:** ..."), <br> as a line break; whitespace is collapsed as
a browser does. What a reader does not see as the posting is skipped: navigation, footers,
scripts, forms, hidden elements and the site's own header (a <header> right under <body> or
holding a <nav>; one inside article, main or section is content).

lxml gives no character offsets, so each word is found in the source by a forward search
from a cursor over the page's text (tags, comments and scripts blanked): as it stands, else
with entities for its other characters ("M&uuml;ller"); a word found nowhere near stays at
the cursor. Skipped text is searched too, so a word in the navigation never takes the place
of the same word below it.

schema.org JobPosting objects, from <script type="application/ld+json"> (top level, in a list
or in @graph) and from microdata (itemscope itemtype=".../JobPosting"), go to Origin.markup as
dicts of their properties plus: `_kind` (json-ld | microdata | invalid), `_offset` (source
offset of the script or itemscope element), `_json` (JSON-LD: source offset of the JSON text),
`_at` ([start, end] of the markup in the Markdown), `_page` (visible | description) and, for
invalid JSON, `_error_at` (Markdown offset of the error). So that findings can
stand on markup that is not prose, the Markdown ends with an HTML comment per script or
itemscope element, its text mapped one to one to the source ("--" made "==").

A page whose visible text holds almost no posting (fewer than MIN_VISIBLE_WORDS words) but a
JobPosting `description` with more words is linted through that description: its HTML becomes the blocks, each
word mapped to its place in the script. Pages that render the posting with JavaScript look
like that, and the description is then the only text a reader (and a search engine) gets.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..posting import LineIndex, count_words
from ..source import InputError, Source, decode
from ._build import Builder

MIN_VISIBLE_WORDS = 50
_WINDOW = 65536  # how far a word is looked for before it stays at the cursor

_SKIP_TAGS = {
    "nav", "footer", "script", "style", "noscript", "template", "form", "button", "svg", "iframe",
    "select", "textarea", "head", "title", "meta", "link", "object", "embed", "canvas", "dialog",
}  # fmt: skip
_SKIP_ROLES = {"navigation", "contentinfo", "banner"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "aside", "blockquote", "pre", "figure",
    "figcaption", "address", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    "ul", "ol", "li", "dl", "dt", "dd", "body", "html", "hr", "center", "details", "summary",
}  # fmt: skip
_LISTS = {"ul", "ol", "menu"}
_BOLD = {"strong", "b"}
_CONTENT_HOLDERS = {"article", "main", "section"}
# Tags, comments and the text of raw-text elements: never where a visible word stands.
_NOT_TEXT = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|title|textarea)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?(?:</\1\s*>|\Z)"
    r"|<[!?/]?[A-Za-z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)
_JOB_TYPE = re.compile(r"^https?://schema\.org/JobPosting/?$", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# A word of a block: its text, its source offset and whether it is bold; "" joins two parts of
# one word ("foo<b>bar</b>"), None is a line break. A block: its kind, level and words.
Word = tuple[str, int, bool] | None
Block = tuple[str, int, list[Word]]


def _blank(text: str, rx: re.Pattern[str]) -> str:
    return rx.sub(lambda m: "\0" * len(m.group(0)), text)


def _parse(text: str, path: str) -> Any:
    import lxml.etree
    import lxml.html

    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except ValueError:  # a str with an XML encoding declaration: give lxml the bytes
        return lxml.html.document_fromstring(text.encode("utf-8"), lxml.html.HTMLParser(encoding="utf-8"))
    except lxml.etree.ParserError:
        return None
    except Exception as exc:  # pragma: no cover - libxml2 recovers from nearly everything
        raise InputError(path, f"not a web page that can be read: {exc}") from None


class _Locator:
    """Finds words of the page in its source, in document order."""

    def __init__(self, searchable: str, cursor: int = 0) -> None:
        self.searchable = searchable
        self.cursor = cursor

    def find(self, word: str) -> int:
        limit = min(self.cursor + _WINDOW + len(word), len(self.searchable))
        at = self.searchable.find(word, self.cursor, limit)
        if at < 0:
            m = _entity_pattern(word).search(self.searchable, self.cursor, limit)
            if m is None:
                return self.cursor
            at, stop = m.start(), m.end()
        else:
            stop = at + len(word)
        self.cursor = stop
        return at


@lru_cache(maxsize=1024)
def _entity_pattern(word: str) -> re.Pattern[str]:
    """The word with each character but ASCII letters and digits also allowed as an entity or
    a JSON escape."""
    parts = [
        re.escape(c) if c.isascii() and c.isalnum() else rf"(?:{re.escape(c)}|&#?\w+;|\\u[0-9a-fA-F]{{4}}|\\[\\\"/])"
        for c in word
    ]
    return re.compile("".join(parts))


class _Blocks:
    """The block builder: a tree walk that gathers words into headings, paragraphs and items."""

    def __init__(self, locator: _Locator) -> None:
        self.loc = locator
        self.out: list[Block] = []
        self.kind, self.level = "paragraph", 0
        self.words: list[Word] = []
        self.glue = False  # the next text continues the last word ("foo<b>bar</b>")
        self.items: list[int] = []  # depth of each open li
        self.lists = 0

    # -- words
    def add(self, text: str | None, bold: bool, keep: bool = True) -> None:
        if not text:
            return
        for m in re.finditer(r"\S+|\s+", text):
            piece = m.group(0)
            if piece.isspace():
                self.glue = False
                continue
            at = self.loc.find(piece)
            if keep:
                if self.glue and self.words and self.words[-1] is not None:
                    self.words.append(("", -1, bold))  # a joint: no space
                self.words.append((piece, at, bold))
            self.glue = True
        self.glue = not text[-1].isspace()

    def skip(self, el: Any) -> None:
        """Advance the cursor over a skipped element's text (its tail is the caller's)."""
        if el.tag in ("script", "style", "title", "textarea"):  # blanked in the searched text
            return
        self.add(el.text, False, False)
        for child in el:
            if isinstance(child.tag, str):
                self.skip(child)
            self.add(child.tail, False, False)

    def flush(self) -> None:
        while self.words and self.words[-1] is None:
            self.words.pop()
        if any(w and w[0] for w in self.words):
            self.out.append((self.kind, self.level, self.words))
        self.words, self.glue = [], False

    def reset(self) -> None:
        self.kind, self.level = ("item", self.items[-1]) if self.items else ("paragraph", 0)

    # -- the walk
    def walk(self, el: Any, bold: bool = False) -> None:
        for child in el:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                self.add(child.tail, bold)
                continue
            tag = child.tag.lower()
            if _skipped(child, tag):
                self.skip(child)
            elif tag == "br":
                if self.words and self.words[-1] is not None:
                    self.words.append(None)
                self.glue = False
            elif tag in _HEADINGS or tag in _BLOCKS:
                self.block(child, tag, bold)
            else:
                self.add(child.text, bold or tag in _BOLD)
                self.walk(child, bold or tag in _BOLD)
            self.add(child.tail, bold)

    def block(self, el: Any, tag: str, bold: bool) -> None:
        fresh_item = self.kind == "item" and not self.words
        self.flush()
        if tag in _HEADINGS:
            self.kind, self.level = "heading", _HEADINGS[tag]
        elif tag == "li":
            self.kind, self.level = "item", max(self.lists - 1, 0)
            self.items.append(self.level)
        elif tag == "dt":
            self.kind, self.level = "term", 0
        elif not fresh_item:  # a <p> opening an <li> is that item's text
            self.kind, self.level = "paragraph", 0
        self.lists += tag in _LISTS
        self.add(el.text, bold)
        self.walk(el, bold)
        self.flush()
        self.lists -= tag in _LISTS
        if tag == "li":
            self.items.pop()
        self.reset()


def _skipped(el: Any, tag: str) -> bool:
    if tag in _SKIP_TAGS or el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if (el.get("role") or "").lower() in _SKIP_ROLES or _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if tag == "header":
        parent = el.getparent()
        inside = any(isinstance(a.tag, str) and a.tag.lower() in _CONTENT_HOLDERS for a in el.iterancestors())
        return not inside and ((parent is not None and parent.tag == "body") or bool(el.xpath(".//nav")))
    return False


def _emit(b: Builder, blocks: list[Block]) -> None:
    for kind, level, words in blocks:
        b.block(kind, level)
        lead = 0
        if kind == "term":
            lead = len(words)
        elif kind != "heading":
            while lead < len(words) and words[lead] is not None and words[lead][2]:
                lead += 1
            if lead and lead < len(words) and words[lead] is not None and words[lead][0] == "":
                lead = 0  # bold ends inside a word
        if lead:
            b.markup("**")
        _words(b, words[:lead], kind == "heading")
        if lead:
            b.markup("**")
            if lead < len(words) and words[lead] is not None:
                b.markup(" ")
        _words(b, words[lead:], kind == "heading")


def _words(b: Builder, words: list[Word], one_line: bool = False) -> None:
    first = True
    for w in words:
        if w is None:  # a <br>: a space in a heading, which has one line
            if not one_line:
                b.markup("\n")
                first = True
            continue
        text, at, _ = w
        if text == "":  # a joint between two parts of one word
            first = True
            continue
        if not first:
            b.markup(" ")
        b.text(text, -1, at)
        first = False


def _blocks(root: Any, locator: _Locator) -> list[Block]:
    walker = _Blocks(locator)
    body = root.find(".//body") if root.tag != "body" else root
    if body is None:
        body = root
    head = root.find(".//head")
    if head is not None:
        walker.skip(head)
    walker.add(body.text, False)
    walker.walk(body)
    walker.flush()
    return walker.out


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment (a JobPosting description), blocks on lines."""
    root = _fragment(fragment)
    if root is None:
        return ""
    out = _blocks(root, _Locator(""))
    return "\n".join(" ".join(w[0] for w in words if w and w[0]) for _, _, words in out)


def _fragment(fragment: str) -> Any:
    """An HTML fragment parsed; a description escaped twice ("&lt;p&gt;") is unescaped first."""
    import lxml.etree
    import lxml.html

    if "<" not in fragment and "&lt;" in fragment:
        fragment = htmlmod.unescape(fragment)
    if not fragment.strip():
        return None
    try:
        return lxml.html.document_fromstring(f"<html><body>{fragment}</body></html>")
    except (ValueError, lxml.etree.ParserError):
        return None


# -- JobPosting markup


def _types(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).rsplit("/", 1)[-1] for v in values if isinstance(v, str)]


def _job_postings(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _job_postings(item)
    elif isinstance(data, dict):
        if "JobPosting" in _types(data.get("@type")):
            yield data
        if "@graph" in data:
            yield from _job_postings(data["@graph"])


def _sanitize(text: str) -> str:
    """Text that can stand inside an HTML comment, each character where it was."""
    return text.replace("--", "==")


def _comment(b: Builder, text: str, offset: int) -> tuple[int, int]:
    b.markup("\n\n<!-- ")
    start = b.size
    b.text(_sanitize(text), -1, offset)
    end = b.size
    b.markup(" -->")
    return start, end


def _element_offset(source: str, lines: tuple[int, ...], el: Any) -> int:
    """Source offset of an element's start tag, from its line (lxml knows no column)."""
    line = (el.sourceline or 1) - 1
    start = lines[min(max(line, 0), len(lines) - 1)]
    m = re.compile(rf"<{re.escape(el.tag)}\b", re.I).search(source, start)
    return m.start() if m else start


def _ld_json(root: Any, source: str) -> Iterator[tuple[int, int, str]]:
    """(script offset, JSON text offset, JSON text) of each ld+json script, in order."""
    cursor = 0
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        at = source.find(text, cursor) if text else -1
        at = at if at >= 0 else cursor
        tag = source.rfind("<script", 0, at + 1)
        cursor = at + len(text)
        yield (tag if tag >= 0 else at), at, text


def _microdata_value(el: Any) -> Any:
    tag = el.tag.lower()
    if el.get("itemscope") is not None:
        return _microdata_item(el)
    if el.get("content") is not None:
        return el.get("content")
    for tags, attr in ((("a", "link", "area"), "href"), (("img", "audio", "video", "source", "embed"), "src"),
                       (("object",), "data"), (("time",), "datetime"), (("data", "meter"), "value")):  # fmt: skip
        if tag in tags and el.get(attr) is not None:
            return el.get(attr)
    return " ".join(el.text_content().split())


def _microdata_item(scope: Any) -> dict[str, Any]:
    item: dict[str, Any] = {}
    kinds = _types((scope.get("itemtype") or "").split() or None)
    if kinds:
        item["@type"] = kinds[0] if len(kinds) == 1 else kinds

    def gather(el: Any) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            names = (child.get("itemprop") or "").split()
            if names:
                value = _microdata_value(child)
                for name in names:
                    if name in item:
                        old = item[name]
                        item[name] = [*(old if isinstance(old, list) else [old]), value]
                    else:
                        item[name] = value
            if child.get("itemscope") is None:
                gather(child)

    gather(scope)
    return item


def _markup(b: Builder, root: Any, source: str, lines: tuple[int, ...], page: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for tag_at, json_at, text in _ld_json(root, source):
        try:
            data = json.loads(text)
        except ValueError as exc:
            start, end = _comment(b, text, json_at)
            pos = getattr(exc, "pos", 0) or 0
            found.append({"_kind": "invalid", "_error_at": start + min(pos, end - start),
                          "_offset": tag_at, "_json": json_at, "_at": [start, end], "_page": page})  # fmt: skip
            continue
        postings = list(_job_postings(data))
        if postings:
            start, end = _comment(b, text, json_at)
            for p in postings:
                found.append({**p, "_kind": "json-ld", "_offset": tag_at, "_json": json_at, "_at": [start, end],
                              "_page": page})  # fmt: skip
    for el in root.iter():
        if not isinstance(el.tag, str) or el.get("itemscope") is None or el.get("itemprop") is not None:
            continue
        if not any(_JOB_TYPE.match(t) for t in (el.get("itemtype") or "").split()):
            continue
        at = _element_offset(source, lines, el)
        close = source.find(">", at)
        start, end = _comment(b, source[at : close + 1 if close >= 0 else at + 1], at)
        found.append({**_microdata_item(el), "_kind": "microdata", "_offset": at, "_at": [start, end],
                      "_page": page})  # fmt: skip
    return found


def _description_blocks(source: str, ld: list[tuple[int, int, str]]) -> list[Block]:
    """Blocks of the first JobPosting description, each word placed in its script."""
    for _, json_at, text in ld:
        try:
            postings = list(_job_postings(json.loads(text)))
        except ValueError:
            continue
        for p in postings:
            description = p.get("description")
            if not isinstance(description, str) or not description.strip():
                continue
            key = re.search(r'"description"\s*:\s*"', text)
            start = json_at + (key.end() if key else 0)
            region = _blank(source[json_at : json_at + len(text)], re.compile(r"<[^<>]*>|\\u003[cC].*?\\u003[eE]"))
            searchable = "\0" * json_at + region
            doc = _fragment(description)
            if doc is not None:
                return _blocks(doc, _Locator(searchable, start))
    return []


def _count(blocks: list[Block]) -> int:
    return sum(count_words(w[0]) for _, _, words in blocks for w in words if w)


def read(data: bytes, path: str) -> Source:
    decoded = decode(data, path)
    source = decoded.text
    lines = tuple(LineIndex.of(source).starts)
    root = _parse(source, path)
    b = Builder()
    if root is None:
        markdown, origin = b.origin("html", lines)
        return Source(path, markdown, decoded.encoding, decoded.bom, origin=origin)
    blocks = _blocks(root, _Locator(_blank(source, _NOT_TEXT)))
    page = "visible"
    visible = _count(blocks)
    if visible < MIN_VISIBLE_WORDS:
        described = _description_blocks(source, list(_ld_json(root, source)))
        if _count(described) > visible:
            blocks, page = described, "description"
    _emit(b, blocks)
    markup = _markup(b, root, source, lines, page)
    b.markup("\n")
    markdown, origin = b.origin("html", lines, tuple(markup))
    return Source(path, markdown, decoded.encoding, decoded.bom, origin=origin)
