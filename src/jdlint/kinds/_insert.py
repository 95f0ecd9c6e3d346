"""Where and how text is inserted into a posting: new sections, new list items."""

from __future__ import annotations

import re
from typing import Any

ORDER = ("title", "company", "summary", "duties", "skills", "traits", "qualifications", "benefits", "application")
_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+")


def newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")


def line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def line_end(text: str, offset: int) -> int:
    ends = [i for i in (text.find("\r", offset), text.find("\n", offset)) if i >= 0]
    return min(ends) if ends else len(text)


def heading_prefix(ctx: Any) -> str:
    """The Markdown heading marker the posting itself uses for its sections."""
    text = ctx.posting.text
    for b in ctx.posting.blocks:
        if b.kind == "heading" and b.section not in ("title", "other"):
            m = re.match(r"[ \t]*(#{1,6})[ \t]", text[line_start(text, b.start) : b.end])
            return (m.group(1) if m else "##") + " "
    return "## "


def section_insert(ctx: Any, section: str, body: str) -> tuple[int, int, str]:
    """An edit inserting a new section (heading and body lines) where it belongs: before
    the first section that comes after it in the usual order, else at the end."""
    text = ctx.posting.text
    nl = newline(text)
    later = ORDER[ORDER.index(section) + 1 :] if section in ORDER else ()
    for b in ctx.posting.blocks:
        if b.kind == "heading" and b.section in later:
            at = line_start(text, b.start)
            return at, at, body.replace("\n", nl) + nl + nl
    lead = "" if text.endswith(("\n", "\r")) or not text else nl
    return len(text), len(text), lead + nl + body.replace("\n", nl) + nl


def item_insert(ctx: Any, sections: tuple[str, ...], item: str) -> tuple[int, int, str] | None:
    """An edit adding a list item after the last item of the first of `sections` that has a
    list, with the same bullet and indentation; None where there is no such list."""
    text = ctx.posting.text
    for name in sections:
        items = [b for b in ctx.posting.blocks if b.section == name and b.kind == "item"]
        if items:
            last = items[-1]
            start = line_start(text, last.start)
            m = _MARKER.match(text[start : last.end])
            marker = m.group(0) if m else "- "
            end = line_end(text, last.end)
            return end, end, newline(text) + marker + item
    return None
