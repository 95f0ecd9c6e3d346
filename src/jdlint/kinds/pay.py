"""Pay kind: does the posting state concrete pay, and does it ask for pay history?

A sentence or list item states concrete pay when it holds a currency amount (or a range such
as "45-55k") and is not about something else that costs money (a learning budget, a voucher),
or when it names a pay grade ("TV-L E13", "GS-15"). Without concrete pay, every vague pay
phrase ("competitive salary") is reported on its words; a posting with neither gets one
finding on its benefits heading (else the title). Questions about pay history are reported
wherever they stand.

Rule data (regular expressions run by RE2, case-insensitive):
  amounts: expressions for a currency amount or a pay range
  grades: expressions for a pay grade (concrete without an amount)
  pay-cues / other-cues: words saying an amount is pay / is about something else
  not-this-job-cues: words saying an amount or grade is not this job's pay: the ceiling of a
    whole pay system ("the maximum salary available for the GS pay system is $172,500") or
    the grade of the experience asked ("experience equivalent to the GS-14")
  vague, history: lexicon tables {en: [entry, ...], de: [...]} (see the lexicon kind)
  messages: {vague: {en, de}, not-this-job: {en, de}, history: {replace|plain: {en, de}}}
  jurisdiction-severity / history-severity: {JURISDICTION: severity, unset: severity}
  suggest: {en, de} the benefits bullet the fix for missing pay inserts (unsafe)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import JURISDICTIONS
from ..model import SEVERITIES, Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon
from ._insert import item_insert

EXTRA_OPTIONS: set[str] = set()
_REGEX_KEYS = ("amounts", "grades", "pay-cues", "other-cues", "not-this-job-cues")


def validate(rule: Rule, data: Any, path: Path) -> None:
    for key in _REGEX_KEYS:
        pats = data.get(key)
        if not isinstance(pats, list) or not pats:
            raise ConfigError(path, f"a pay rule needs data.{key}: a list of regular expressions", line_of(data))
        for p in pats:
            lexicon._re2(str(p), path, line_of(data, key))
    for key in ("vague", "history"):
        lexicon.validate_table(data.get(key), path)
    for key in ("jurisdiction-severity", "history-severity"):
        table = data.get(key) or {}
        for j, sev in table.items():
            if j not in (*JURISDICTIONS, "unset") or sev not in SEVERITIES:
                raise ConfigError(path, f"data.{key}: '{j}: {sev}' is not a jurisdiction and a severity", line_of(data))


def _search(ctx: Any, key: str, text: str) -> bool:
    return any(lexicon._re2(str(p), ctx.rule.path, None).search(text) for p in ctx.rule.data[key])


def pay_figures(ctx: Any) -> tuple[bool, list[tuple[int, int]]]:
    """Whether a sentence or list item states this job's pay, and (when none does) the ones
    that speak of pay with a figure that is not this job's ("the maximum salary available
    for the GS pay system is $183,500"): pay named, but no figure for the job."""
    masked = ctx.posting.masked
    elsewhere = []
    for unit in ctx.units:
        text = masked[unit.start : unit.end]
        grade = _search(ctx, "grades", text)
        if not grade and not _search(ctx, "amounts", text):
            continue
        pay = _search(ctx, "pay-cues", text)
        if _search(ctx, "not-this-job-cues", text):
            if pay:
                elsewhere.append((unit.start, unit.end))
        elif grade or pay or not _search(ctx, "other-cues", text):
            return True, []
    return False, elsewhere


def _severity(ctx: Any, key: str) -> str | None:
    return ctx.options.get("severity") or lexicon.by_jurisdiction(ctx, ctx.rule.data.get(key) or {})


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    messages = data.get("messages") or {}
    history_sev = _severity(ctx, "history-severity")
    for start, end, entry in lexicon.hits(ctx, lexicon.table_entries(data["history"], ctx.lang)):
        f = lexicon.finding(ctx, start, end, entry, messages.get("history") or {})
        yield dataclasses.replace(f, severity=history_sev or f.severity, concept="pay-history")
    stated, elsewhere = pay_figures(ctx)
    if stated:
        return
    severity = _severity(ctx, "jurisdiction-severity")
    vague = [
        (start, end, "vague") for start, end, _ in lexicon.hits(ctx, lexicon.table_entries(data["vague"], ctx.lang))
    ]
    vague += [(start, end, "not-this-job") for start, end in elsewhere]
    for start, end, kind in vague:
        message = ctx.rule.text(messages.get(kind) or {}, ctx.lang, text=ctx.posting.text[start:end].strip())
        yield ctx.finding(start, end, concept="vague-pay", severity=severity, message=message or None)
    if vague:
        return
    start, end = ctx.anchor("benefits")
    bullet = ctx.rule.text(data.get("suggest") or {}, ctx.lang)
    edit = item_insert(ctx, ("benefits",), bullet) if bullet else None
    fix = ctx.fix([edit], "unsafe") if edit else None
    yield ctx.finding(start, end, concept="salary", severity=severity, fix=fix)
