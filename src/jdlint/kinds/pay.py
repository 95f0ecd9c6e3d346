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
  suggest: {en, de} the benefits bullet the fix for missing pay inserts (unsafe), a [[placeholder]]
  shapes: {year | month | training: {en, de}} the shape of a pay range, no figure ({c}: currency)
  monthly-titles / training-titles: expressions for titles paid by the month (students,
    interns) and by the month of the first year (apprentices)
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import grammar
from ..config import JURISDICTIONS
from ..model import SEVERITIES, Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon
from ._insert import item_insert, pending, placeholder

EXTRA_OPTIONS: set[str] = set()
_REGEX_KEYS = ("amounts", "grades", "pay-cues", "other-cues", "not-this-job-cues")


def validate(rule: Rule, data: Any, path: Path) -> None:
    for key in _REGEX_KEYS:
        pats = data.get(key)
        if not isinstance(pats, list) or not pats:
            raise ConfigError(path, f"a pay rule needs data.{key}: a list of regular expressions", line_of(data))
        for p in pats:
            lexicon._re2(str(p), path, line_of(data, key))
    for key in ("monthly-titles", "training-titles"):
        if data.get(key) is not None:
            lexicon._re2(str(data[key]), path, line_of(data, key))
    for key in ("vague", "history"):
        lexicon.validate_table(data.get(key), path)
    for key in ("jurisdiction-severity", "history-severity"):
        table = data.get(key) or {}
        for j, sev in table.items():
            if j not in (*JURISDICTIONS, "unset") or sev not in SEVERITIES:
                raise ConfigError(path, f"data.{key}: '{j}: {sev}' is not a jurisdiction and a severity", line_of(data))


def _search(rule: Rule, key: str, text: str) -> bool:
    return bool(lexicon.any_of(rule.data[key], rule.path).search(text))


def pay_figures(ctx: Any, rule: Rule | None = None) -> tuple[bool, list[tuple[int, int]]]:
    """Whether a sentence or list item states this job's pay, and (when none does) the ones
    that speak of pay with a figure that is not this job's ("the maximum salary available
    for the GS pay system is $183,500"): pay named, but no figure for the job. `rule`: the pay
    rule whose cues decide, when another rule asks (default: the rule being run)."""
    rule = rule or ctx.rule
    masked = ctx.posting.masked
    elsewhere = []
    for unit in ctx.units:
        text = masked[unit.start : unit.end]
        grade = _search(rule, "grades", text)
        if not grade and not _search(rule, "amounts", text):
            continue
        pay = _search(rule, "pay-cues", text)
        if _search(rule, "not-this-job-cues", text):
            if pay:
                elsewhere.append((unit.start, unit.end))
        elif grade or pay or not _search(rule, "other-cues", text):
            return True, []
    return False, elsewhere


# An example pay range is given in the currency the posting already uses, else in its
# jurisdiction's: euros mean nothing to an employer in Kuala Lumpur or Toronto.
# One RE2 pattern, one group per currency: the text is scanned once, in linear time, and no
# two currencies' names can match at the same place.
_CURRENCIES = {"€": r"€|\beur\b|\beuro\b", "£": r"£|\bgbp\b", "CHF ": r"\bchf\b", "PLN ": r"\bpln\b|zł",
               "RM": r"\bRM ?\d|\bmyr\b", "$": r"\$|\busd\b|\bcad\b|\baud\b"}  # fmt: skip
_SIGNS = list(_CURRENCIES)
_CURRENCY = "|".join(f"(?P<c{i}>{rx})" for i, rx in enumerate(_CURRENCIES.values()))


def currency(ctx: Any) -> str:
    found = lexicon._re2_compiled(_CURRENCY).finditer(ctx.posting.masked)
    counts = Counter(m.lastgroup for m in found)
    best = max((counts[f"c{i}"], sign) for i, sign in enumerate(_SIGNS))
    if best[0]:
        return best[1]
    where = ctx.config.jurisdiction or ""
    return "$" if where.startswith("us") else "€" if where in ("eu", "de", "at") or ctx.lang == "de" else ""


def pay_example(ctx: Any) -> str:
    """The shape of this job's pay range with no figure, which would be a guess at the
    employer's pay: in the posting's currency, by the month where the title names a student or
    an intern, by the month of the first year where it names an apprentice (the pay rule's
    `monthly-titles` and `training-titles`), else by the year."""
    if "pay_example" not in ctx.posting.extra:  # once per posting: every section template asks
        ctx.posting.extra["pay_example"] = _pay_example(ctx)
    return str(ctx.posting.extra["pay_example"])


def _pay_example(ctx: Any) -> str:
    rule = next((r for r in ctx.catalogue if r.kind == "pay"), None)
    if rule is None:
        return ""
    title = ctx.posting.extra.get("title_text", "")
    shape = "year"
    for key, name in (("training-titles", "training"), ("monthly-titles", "month")):
        titles = rule.data.get(key)
        if titles and lexicon._re2(str(titles), rule.path, None).search(title):
            shape = name
            break
    text = str(grammar.pick((rule.data.get("shapes") or {}).get(shape) or {}, ctx.lang))
    return " ".join(text.format(c=currency(ctx)).split())


def _severity(ctx: Any, key: str) -> str | None:
    return ctx.options.get("severity") or lexicon.by_jurisdiction(ctx, ctx.rule.data.get(key) or {})


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    messages = data.get("messages") or {}
    history_sev = _severity(ctx, "history-severity")
    for start, end, entry in lexicon.hits(ctx, lexicon.table_entries(data["history"], ctx.lang)):
        f = lexicon.finding(ctx, start, end, entry, messages.get("history") or {})
        yield dataclasses.replace(f, severity=history_sev or f.severity, concept="pay-history")
    bullet = placeholder(ctx.say(data.get("suggest") or {}, pay=pay_example(ctx)))
    stated, elsewhere = pay_figures(ctx)
    if stated or pending(ctx, bullet):  # a placeholder waiting for the figures: template-text reports it
        return
    severity = _severity(ctx, "jurisdiction-severity")
    vague = [
        (start, end, "vague") for start, end, _ in lexicon.hits(ctx, lexicon.table_entries(data["vague"], ctx.lang))
    ]
    vague += [(start, end, "not-this-job") for start, end in elsewhere]
    if vague:
        # One range answers every vague phrase: one finding, on the offer's phrase if it has one.
        start, end, kind = min(vague, key=lambda v: (ctx.section_at(v[0]) != "benefits", v[0]))
        message = ctx.say(messages.get(kind) or {}, text=ctx.posting.text[start:end].strip(), pay=pay_example(ctx))
        yield ctx.finding(start, end, concept="vague-pay", severity=severity, message=message or None)
        return
    start, end = ctx.anchor("benefits")
    edit = item_insert(ctx, ("benefits",), bullet) if bullet else None
    fix = ctx.fix([edit], "unsafe") if edit else None
    yield ctx.finding(start, end, concept="salary", severity=severity, fix=fix, pay=pay_example(ctx))
