"""Perks kind: perks offered in place of benefits.

The perks (lexicon entries: table football, free beer ...) are reported, in one finding on
the first of them, when the benefits section (the whole posting where it has none) names
none of the substantial benefits:
each group of `substance` is a list of concept terms, matched by lemma as role-model
concepts are ("holiday|vacation|time off", "weiterbildung*").

Rule data:
  perks: a lexicon table {en: [entry, ...], de: [...]}
  substance: {GROUP: {en: [term, ...], de: [...]}} what counts as a real benefit
  suggest: {en, de} the benefits bullet the fix inserts (unsafe, on the first finding)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..concepts import find
from ..model import Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon
from ._insert import item_insert, placeholder

EXTRA_OPTIONS: set[str] = set()
_QUOTES = {"de": ("„", "“")}


def validate(rule: Rule, data: Any, path: Path) -> None:
    lexicon.validate_table(data.get("perks"), path)
    substance = data.get("substance")
    if not isinstance(substance, dict) or not all(isinstance(v, dict) for v in substance.values()):
        raise ConfigError(path, "data.substance must map a group to {en: [terms], de: [terms]}", line_of(data))


def substantial(ctx: Any) -> bool:
    """Whether the benefits (else the whole posting) name pay, time off, development ..."""
    pool = [u for u in ctx.units if u.section == "benefits"] or ctx.units
    terms = [t for group in ctx.rule.data["substance"].values() for t in group.get(ctx.lang) or ()]
    return any(True for _ in find(terms, pool, ctx.units))


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    hits = list(lexicon.hits(ctx, lexicon.table_entries(data["perks"], ctx.lang)))
    if not hits or substantial(ctx):
        return
    bullet = placeholder(ctx.say(data.get("suggest") or {}))
    edit = item_insert(ctx, ("benefits",), bullet) if bullet else None
    # One problem, one finding: on the first perk, naming them all.
    start, end, _ = hits[0]
    names = list(dict.fromkeys(ctx.posting.text[s:e] for s, e, _ in hits))
    left, right = _QUOTES.get(ctx.lang, ("'", "'"))
    listed = ", ".join(f"{left}{n}{right}" for n in names)
    yield ctx.finding(start, end, fix=ctx.fix([edit], "unsafe") if edit else None, perks=listed)
