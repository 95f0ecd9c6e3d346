"""Where and how text is inserted into a posting: new sections, new list items, and the
[[placeholders]] that stand for the employer's facts until they are filled in (template-text
reports them, and no rule inserts the same placeholder twice)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..grammar import pick

CLOSING_WORDS = 60  # the closing words of a posting are a short sign-off, not a section's text
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


PLACEHOLDER = re.compile(r"\[\[[^\[\]\n]+\]\]")  # what placeholder() writes


def placeholder(text: str) -> str:
    return text if text.startswith("[[") else f"[[{text}]]"


def pending(ctx: Any, text: str) -> bool:
    """Whether the placeholder is already in the posting, waiting to be filled in."""
    return placeholder(text)[:-2] in ctx.posting.text


def _closing(ctx: Any) -> int | None:
    """Where the closing words of a posting begin: how to apply, where no heading introduces it,
    else the short paragraphs after its last list ("Wir freuen uns auf dich."). A new section
    goes before them."""
    blocks = ctx.posting.blocks
    i = len(blocks)
    while i and blocks[i - 1].kind == "paragraph" and blocks[i - 1].section == "application":
        i -= 1  # how to apply, told without a heading of its own: the new section goes before it
    if i < len(blocks) and i:
        return line_start(ctx.posting.text, blocks[i].start)
    while i and blocks[i - 1].kind == "paragraph":
        i -= 1
    if i == len(blocks) or not i or blocks[i - 1].kind != "item":
        return None
    if sum(len(ctx.posting.block_text(b).split()) for b in blocks[i:]) > CLOSING_WORDS:
        return None  # more than a sign-off: text of the last section
    return line_start(ctx.posting.text, blocks[i].start)


def section_insert(ctx: Any, section: str, body: str) -> tuple[int, int, str]:
    """An edit inserting a new section (heading and body lines) where it belongs: before
    the first section that comes after it in the usual order, else before the closing words,
    else at the end."""
    text = ctx.posting.text
    nl = newline(text)
    later = ORDER[ORDER.index(section) + 1 :] if section in ORDER else ()
    # only the posting's main headings: a bold line inside a section ("For each job, provide:")
    # is no place to start a new one
    main = min((b.level for b in ctx.posting.blocks if b.kind == "heading" and b.section != "title"), default=0)
    for b in ctx.posting.blocks:
        if b.kind == "heading" and b.section in later and b.level <= main:
            at = line_start(text, b.start)
            return at, at, body.replace("\n", nl) + nl + nl
    at = _closing(ctx)
    if at is not None:
        return at, at, body.replace("\n", nl) + nl + nl
    lead = "" if text.endswith(("\n", "\r")) or not text else nl
    return len(text), len(text), lead + nl + body.replace("\n", nl) + nl


# How a list speaks, by the first word of its items: "Du beantwortest …", "You answer …".
_ADDRESSED = {"du": "du", "sie": "sie", "you": "you", "you'll": "you", "you’ll": "you", "your": "you"}


def list_style(ctx: Any, sections: tuple[str, ...]) -> str | None:
    """The register of the list an item would join ("du", "sie", "you"), or None for a list of
    infinitives, imperatives or nouns (and where there is no list yet)."""
    memo = ctx.posting.extra.setdefault("list_style", {})  # asked once per concept otherwise
    if sections not in memo:
        memo[sections] = _list_style(ctx, sections)
    return memo[sections]


def _list_style(ctx: Any, sections: tuple[str, ...]) -> str | None:
    text = ctx.posting.text
    for name in sections:
        items = [b for b in ctx.posting.blocks if b.section == name and b.kind == "item"]
        if items:
            firsts = [(re.findall(r"[\w’']+", text[b.start : b.end]) or [""])[0].lower() for b in items]
            styles = [_ADDRESSED.get(w) for w in firsts]
            best, count = Counter(styles).most_common(1)[0]  # a tie goes to the earlier item's style
            return best if best and count * 2 >= len(styles) else None
    return None


def item_insert(ctx: Any, sections: tuple[str, ...], *items: str) -> tuple[int, int, str] | None:
    """An edit adding list items after the last item of the first of `sections` that has a
    list, with the same bullet and indentation; where none has, one new section (with the
    heading missing-section would give it) holding them. None without sections."""
    text = ctx.posting.text
    nl = newline(text)
    for name in sections:
        found = [b for b in ctx.posting.blocks if b.section == name and b.kind == "item"]
        if found:
            last = found[-1]
            start = line_start(text, last.start)
            m = _MARKER.match(text[start : last.end])
            marker = m.group(0) if m else "- "
            end = line_end(text, last.end)
            return end, end, "".join(nl + marker + item for item in items)
    heading = _heading(ctx, sections[0]) if sections and not ctx.has_section(sections[0]) else None
    body = "\n".join(f"- {item}" for item in items)
    return section_insert(ctx, sections[0], f"{heading}\n\n{body}") if heading else None


def _heading(ctx: Any, section: str) -> str | None:
    """The heading the section rule's template gives a new section, in the posting's voice."""
    for rule in ctx.catalogue:
        template = (rule.data.get("templates") or {}).get(section) if rule.kind == "section" else None
        if template:
            return str(pick(template, ctx.lang, ctx.register)).split("\n", 1)[0].replace("{h}", heading_prefix(ctx))
    return None
