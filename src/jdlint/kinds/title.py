"""Title kind: a job title that addresses one gender.

In the languages named by `marker-languages` the posting's title (its title block, else the
front matter `title`) needs a marker for all genders ("(m/w/d)", "Verkäufer*in", both forms
spelt out ...); the fix appends the configured `gender-marker`. A two-gender marker ("(m/w)")
is replaced by it. Gendered job nouns ("salesman") get their neutral form, as lexicon entries.

Rule data:
  marker-languages: languages whose titles need a marker
  markers: regular expressions (RE2, case-insensitive; `(?-i)` for case) for a marker
    ("(m/w/d)"); one in the title or in the line after it keeps the rule quiet
  forms: expressions for an inclusive form of the job noun ("Verkäufer*in"); it counts in the
    title only, since the text below speaks of others ("600 Mitarbeiter:innen")
  neutral: expressions for titles that name no gender ("Pflegefachkraft", "Teamleitung")
  binary: expressions for a marker that leaves out the third option ("(m/w)")
  terms: a lexicon table {en: [entry, ...], de: [...]} of gendered job nouns; scope: sections
  messages: {marker | binary: {en, de}} and the lexicon's replace / plain
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon

EXTRA_OPTIONS: set[str] = set()
_TAGLINE = re.compile(r"\s+[–—|-]\s|,\s|\s+\(")
_FRONT_TITLE = re.compile(r"\A---[ \t]*\r?\n(?:.*\r?\n)*?title:[ \t]*(['\"]?)(?P<value>.*?)\1[ \t]*\r?$", re.M)


def validate(rule: Rule, data: Any, path: Path) -> None:
    for key in ("markers", "forms", "neutral", "binary"):
        pats = data.get(key) or []
        if not isinstance(pats, list):
            raise ConfigError(path, f"data.{key} must be a list of regular expressions", line_of(data, key))
        for p in pats:
            lexicon._re2(str(p), path, line_of(data, key))
    lexicon.validate_table(data.get("terms") or {}, path)


def _any(ctx: Any, key: str, text: str) -> Any:
    for p in ctx.rule.data.get(key) or ():
        m = lexicon._re2(str(p), ctx.rule.path, None).search(text)
        if m:
            return m
    return None


def title_span(ctx: Any) -> tuple[int, int] | None:
    """Where the posting's title stands in the text: the title block, else front matter."""
    if ctx.posting.title:
        return ctx.posting.title.start, ctx.posting.title.end
    m = _FRONT_TITLE.match(ctx.posting.text)
    if m and m.group("value").strip():
        return m.start("value"), m.end("value")
    return None


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    messages = data.get("messages") or {}
    entries = lexicon.table_entries(data.get("terms") or {}, ctx.lang)
    for start, end, entry in lexicon.hits(ctx, entries, tuple(data.get("scope") or ())):
        yield lexicon.finding(ctx, start, end, entry)
    span = title_span(ctx)
    if ctx.lang not in (data.get("marker-languages") or ()) or span is None:
        return
    start, end = span
    title = ctx.posting.text[start:end]
    following = _next_line(ctx, end)
    if any(_any(ctx, key, title) for key in ("markers", "forms", "neutral")) or _any(ctx, "markers", following):
        return
    if _restated_with_marker(ctx, title, end):
        return
    marker = ctx.config.gender_marker
    binary = _any(ctx, "binary", title)
    if binary:
        s, e = start + binary.start(), start + binary.end()
        fix = ctx.fix([(s, e, marker)], "safe", text=binary.group(0), replacement=marker)
        message = ctx.say(messages.get("binary") or {}, text=binary.group(0), marker=marker)
        yield ctx.finding(s, e, fix=fix, message=message or None)
        return
    # The marker goes after the job noun, before a tagline ("Verkäufer – ideal für Einsteiger").
    cut = _TAGLINE.search(title)
    at = start + cut.start() if cut else end
    fix = ctx.fix([(at, at, " " + marker)], "safe", text=title, replacement=f"{title[: at - start]} {marker}")
    message = ctx.say(messages.get("marker") or {}, text=title, marker=marker)
    yield ctx.finding(start, end, fix=fix, message=message or None)


def _restated_with_marker(ctx: Any, title: str, end: int) -> bool:
    """Whether the body names the job again with a marker ("eine:n Data Scientist (w/m/x/-)"):
    the ad addresses every gender, only not in its heading."""
    cut = _TAGLINE.search(title)
    head = " ".join(title[: cut.start() if cut else len(title)].split())
    if len(head) < 3:
        return False
    words = r"\s+".join(re.escape(w) for w in head.split())
    masked = ctx.posting.masked
    found = re.compile(words, re.I).finditer(masked, end)
    return any(_any(ctx, "markers", masked[m.end() : m.end() + 40]) for m in found)


def _next_line(ctx: Any, end: int) -> str:
    """The first line of prose after the title (a subtitle often carries the marker)."""
    masked = ctx.posting.masked
    for line in masked[end:].splitlines()[1:]:
        if line.strip():
            return line
    return ""
