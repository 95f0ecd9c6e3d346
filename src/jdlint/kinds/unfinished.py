"""Unfinished kind: a posting published before it was finished.

Rule data:
  check: what the rule looks for:
    text: `patterns` in the posting's prose, Markdown kept ("[Company]", "{{title}}", an
      instruction in capitals, "TBD", "on ." where a date belongs). Hits with nothing but
      markers, numbers and space between them are one finding: a template section left as
      it was is one problem.
    empty: a Markdown heading followed directly by one of higher rank, and list items with
      no text; those with only headings between them are one finding.
    repeat: a run of blocks repeated word for word, right after the original with
      `min-words` words at least, or anywhere with `min-words-apart`; the safe fix deletes
      the repeat.
    link: a link with no target, to a placeholder address (example.com), or with no text
      where it stands alone.
  patterns: [{regex, unless, what: {en, de}, once}] for `text`: RE2, case-insensitive unless
    `(?-i)`; `unless` drops a hit whose text it matches; `what` ends the message's sentence
    about the hit; `once: true` reports only the first hit (dummy text fills whole pages);
    `unless-label: true` drops a hit that is the whole value of a labelled field ("Job
    announcement number: TBD" says the number is not known yet, which is a fact).
  messages: {KEY: {en, de}} per finding type: heading, item (empty); text, target (link).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Finding, Rule
from ..posting import count_words
from ..yamlio import ConfigError, line_of
from .lexicon import _re2

EXTRA_OPTIONS: set[str] = set()
CHECKS = ("text", "empty", "repeat", "link")
_PATTERN_KEYS = {"regex", "unless", "what", "once", "unless-label"}
_LINK_NO_TEXT = re.compile(r"(?<!!)\[[ \t]*\]\([^()\s#]*(?P<anchor>#[^()\s]*)?\)")
_LINK_NO_TARGET = re.compile(r"(?<!!)\[([^\[\]\n]*\w[^\[\]\n]*)\]\([ \t]*#?[ \t]*\)")
# RFC 2606 reserves these names for examples: an address there was never filled in.
_PLACEHOLDER_ADDRESS = re.compile(
    r"\[(?P<label>[^\[\]\n]*)\]\(\s*(?:https?://|mailto:)?(?:[\w.+-]{0,64}[.@])?example\.(?:com|org|net)\b[^)\s]*\s*\)"
    r"|(?<![\w.@/-])(?P<address>(?:https?://)?(?:[\w-]+\.)?example\.(?:com|org|net)\b(?:/[^\s)]*[^\s).,;:!?])?"
    r"|[\w.+-]{1,64}@example\.(?:com|org|net)\b)"
)
_ATX_OR_HTML = re.compile(r"[ \t]*(?:#{1,6}[ \t]|<h[1-6]\b)", re.I)
_SETEXT = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_MARKUP = re.compile(r"[*_#>`]+|^\s*(?:[-+]|\d+[.)])\s")
_ONLY_MARKERS = re.compile(r"[\W\d_]*")
_CANDIDATES = 8  # earlier copies of a block tried as the original: a list of equal bullets stays linear
_FAR_GAP = 3  # blocks between two far repeats that still make them one
_LINE_BREAK = re.compile(r"\r\n|\r|\n|")


def validate(rule: Rule, data: Any, path: Path) -> None:
    if data.get("check") not in CHECKS:
        raise ConfigError(path, f"data.check must be one of: {', '.join(CHECKS)}", line_of(data))
    for p in data.get("patterns") or ():
        if not isinstance(p, dict) or "regex" not in p or set(p) - _PATTERN_KEYS:
            raise ConfigError(
                path,
                f"each pattern needs 'regex' and may have {', '.join(sorted(_PATTERN_KEYS - {'regex'}))}",
                line_of(p) or line_of(data, "patterns"),
            )
        for key in ("regex", "unless"):
            if key in p:
                _re2(str(p[key]), path, line_of(p))


def check(ctx: Any) -> Iterator[Finding]:
    yield from {"text": _text, "empty": _empty, "repeat": _repeat, "link": _link}[ctx.rule.data["check"]](ctx)


def _message(ctx: Any, key: str, **args: Any) -> str | None:
    return ctx.say((ctx.rule.data.get("messages") or {}).get(key) or {}, **args) or None


def _text(ctx: Any) -> Iterator[Finding]:
    prose = ctx.posting.prose
    hits: list[tuple[int, int, dict[str, Any]]] = []
    for p in ctx.rule.data.get("patterns") or ():
        unless = _re2(str(p["unless"]), ctx.rule.path, None) if p.get("unless") else None
        found = [
            (m.start() + len(m.group()) - len(m.group().lstrip()), m.start() + len(m.group().rstrip()), p)
            for m in _re2(str(p["regex"]), ctx.rule.path, None).finditer(prose)
            if m.group().strip() and not (unless and unless.search(m.group()))
        ]
        if p.get("unless-label"):
            found = [h for h in found if not _labelled_value(prose, h[0], h[1])]
        hits += found[:1] if p.get("once") else found
    merged: list[list[Any]] = []  # start, end, the first hit's end, its pattern
    for start, end, p in sorted(hits, key=lambda h: (h[0], -h[1])):
        if merged and start < merged[-1][1]:
            continue
        if merged and _ONLY_MARKERS.fullmatch(ctx.posting.masked[merged[-1][1] : start]):
            merged[-1][1] = end
            continue
        merged.append([start, end, end, p])
    for start, end, first_end, p in merged:
        what = ctx.say(p.get("what") or {})
        text = ctx.posting.text[start:first_end]
        yield ctx.finding(start, end, message=ctx.say(ctx.rule.message, text=text, what=what))


def _labelled_value(prose: str, start: int, end: int) -> bool:
    """Whether prose[start:end] is all its line holds after a label ("Start date: TBD", or a
    "Label:" line above it)."""
    line_start = prose.rfind("\n", 0, start) + 1
    line_end = prose.find("\n", end)
    before = _MARKUP.sub("", prose[line_start:start]).strip()
    after = _MARKUP.sub("", prose[end : len(prose) if line_end < 0 else line_end]).strip()
    if after:
        return False
    if before:
        return before.endswith(":")
    if line_start == 0:
        return False
    above_end = line_start - 1  # the last line with text above, found without copying the prose
    while above_end > 0 and prose[above_end - 1].isspace():
        above_end -= 1
    above = prose[prose.rfind("\n", 0, above_end) + 1 : above_end]
    return _MARKUP.sub("", above).strip().endswith(":")


def _empty(ctx: Any) -> Iterator[Finding]:
    """Empty headings and empty lists; those with only headings between them are one problem
    ("Key objective #1:" to "#4:", each with empty bullets), reported once."""
    posting = ctx.posting
    blocks = [b for b in posting.blocks if b is not posting.title]
    title = " ".join(str(posting.extra.get("title_text") or "").lower().split())
    spots: list[tuple[int, int, str]] = []  # start, end, message
    for b, nxt in zip(blocks, blocks[1:]):
        # Only a heading of higher rank closes a section for sure: a heading followed by
        # one of its own level often groups the ones that follow ("## Requirements",
        # "## Professionally"). Bold lines and "Label:" lines are not headings enough, and a
        # heading that restates the job title is a subtitle.
        heading = " ".join(posting.block_text(b).split())
        if b.kind != "heading" or nxt.kind != "heading" or nxt.level >= b.level or not _marked(posting, b):
            continue
        if title and title in heading.lower():
            continue
        spots.append((b.start, b.end, _message(ctx, "heading", text=heading) or ""))
    spots += [(s, e, _message(ctx, "item") or "") for s, e in posting.empty_items]
    content = [b.start for b in posting.blocks if b.kind != "heading"]  # in text order
    groups: list[list[Any]] = []
    for start, end, message in sorted(spots):
        content_between = groups and bisect.bisect_left(content, start) > bisect.bisect_left(content, groups[-1][1])
        if groups and not content_between:
            groups[-1][1] = max(groups[-1][1], end)
        else:
            groups.append([start, end, message])
    for start, end, message in groups:
        yield ctx.finding(start, end, message=message or None)


def _marked(posting: Any, block: Any) -> bool:
    """Whether a heading block is a Markdown or HTML heading (not a bold or "Label:" line)."""
    line = posting.lines.line_of(block.start)
    raw = posting.text[posting.lines.starts[line] : block.end]
    following = posting.text[block.end : block.end + 200].split("\n", 2)
    setext = len(following) > 1 and _SETEXT.fullmatch(following[1].rstrip("\r"))
    return bool(_ATX_OR_HTML.match(raw) or setext)


def _repeat(ctx: Any) -> Iterator[Finding]:
    """A run of blocks repeating an earlier run: right after it (pasted twice; the safe fix
    deletes the copy), or anywhere when it is long (the body published twice). A far repeat
    has no fix, as its framing differs ("Role Summary:" above one copy only): deleting the
    matching blocks could leave a heading or a lead-in behind. Far repeats a few blocks apart
    are one finding. A short run further away is often deliberate: a posting for several roles
    repeats what they share under each."""
    posting = ctx.posting
    blocks = posting.blocks
    norm = [" ".join(posting.block_text(b).lower().split()) for b in blocks]
    words = [count_words(x) for x in norm]
    near, far = int(ctx.rule.data.get("min-words", 12)), int(ctx.rule.data.get("min-words-apart", 250))
    seen: dict[str, list[int]] = {}
    far_runs: list[list[int]] = []  # first block, last block, original's first block, words
    i = 0
    while i < len(blocks):
        best = (0, 0, 0, False)  # words, blocks, where the original starts, adjacent
        for j in seen.get(norm[i], ())[-_CANDIDATES:]:
            k = 0
            while i + k < len(blocks) and j + k < i and norm[j + k] == norm[i + k]:
                k += 1
            w = sum(words[i : i + k])
            if w >= (near if j + k == i else far) and w > best[0]:
                best = (w, k, j, j + k == i)
        w, k, j, adjacent = best
        if not w:
            seen.setdefault(norm[i], []).append(i)
            i += 1
            continue
        if adjacent:
            yield _repeat_finding(ctx, blocks[i].start, blocks[i + k - 1].end, blocks[j].start, fix=True)
        elif far_runs and i - far_runs[-1][1] <= _FAR_GAP:
            far_runs[-1][1], far_runs[-1][3] = i + k - 1, far_runs[-1][3] + w
        else:
            far_runs.append([i, i + k - 1, j, w])
        i += k
    for first, last, original, _ in far_runs:
        yield _repeat_finding(ctx, blocks[first].start, blocks[last].end, blocks[original].start, fix=False)


def _repeat_finding(ctx: Any, start: int, end: int, original: int, fix: bool) -> Finding:
    """The repeat; with `fix`, deleted from the start of its first line to the next text."""
    posting = ctx.posting
    text = posting.text
    cut_start = posting.lines.starts[posting.lines.line_of(start)]
    cut_end = end
    while cut_end < len(text) and text[cut_end] not in "\r\n":
        cut_end += 1
    while cut_end < len(text) and text[cut_end] in " \t\r\n":
        cut_end += 1
    if cut_end == len(text):  # at the end: take the blank lines before it, keep a final line break
        before = len(text[:cut_start].rstrip())
        cut_start = before + len(_LINE_BREAK.match(text, before).group())
    words = count_words(posting.masked[start:end])
    line = posting.lines.line_of(original) + 1
    edit = ctx.fix([(cut_start, cut_end, "")], "safe", words=words, line=line) if fix else None
    return ctx.finding(start, end, fix=edit, words=words, line=line)


def _link(ctx: Any) -> Iterator[Finding]:
    prose = ctx.posting.prose
    links = "](" in prose
    for m in _LINK_NO_TEXT.finditer(prose) if links else ():
        # Beside another link or to an anchor it is an icon lost in copying, seen by no one;
        # alone it hides the link its sentence promises.
        if m.group("anchor") is None and prose[m.end() : m.end() + 1] != "[":
            yield ctx.finding(m.start(), m.end(), message=_message(ctx, "text", text=m.group()))
    for m in _LINK_NO_TARGET.finditer(prose) if links else ():
        yield ctx.finding(m.start(), m.end(), message=_message(ctx, "target", text=m.group(1)))
    taken = -1
    if "example." not in prose.lower():
        return
    for m in _PLACEHOLDER_ADDRESS.finditer(prose):
        if m.start() >= taken:
            taken = m.end()
            text = m.group("label") or m.group("address")
            yield ctx.finding(m.start(), m.end(), message=_message(ctx, "placeholder", text=text))
