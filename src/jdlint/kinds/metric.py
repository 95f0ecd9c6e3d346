"""Metric kind: a number measured on the posting against thresholds from the options.

Rule data:
  metric: words | about-share | readability | sentence-length | list-items
  above / below: the option that holds the limit (the rule fires above `above`, below `below`);
    an option's value is a number or a mapping of language to number ({en: 35, de: 30})
  checks: instead of one metric, a list of {metric, above/below, message, severity} run in
    turn, each with its own message and severity (default: the rule's); one rule, several
    measures (hard-to-read)
Metrics:
  words           prose words in the posting (Markdown, URLs and code are not counted)
  about-share     share of words in the company section (fires only past min-words, and
                  only when the posting has other sections to weigh it against)
  readability     Flesch Reading Ease (English) or Amstad's German Flesch (German)
  sentence-length one finding per sentence longer than the limit, in words
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..grammar import number
from ..model import Finding, Rule
from ..posting import count_words
from ..readability import readability
from ..yamlio import ConfigError, line_of

EXTRA_OPTIONS: set[str] = set()
METRICS = ("words", "about-share", "readability", "sentence-length")


def _checks(data: Any) -> list[Any]:
    return list(data["checks"]) if isinstance(data.get("checks"), list) else [data]


def validate(rule: Rule, data: Any, path: Path) -> None:
    for spec in _checks(data):
        if not isinstance(spec, dict) or spec.get("metric") not in METRICS:
            raise ConfigError(path, f"data.metric must be one of {', '.join(METRICS)}", line_of(data))
        for key in ("above", "below"):
            if key in spec and spec[key] not in rule.options:
                raise ConfigError(
                    path, f"data.{key} names option '{spec[key]}', which the rule lacks", line_of(spec, key)
                )


def _limit(ctx: Any, spec: Any, key: str) -> float | None:
    name = spec.get(key)
    if name is None:
        return None
    value = ctx.options.get(name)
    if isinstance(value, dict):
        value = value.get(ctx.lang, value.get("en"))
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        from ..yamlio import ConfigError as _E

        raise _E(ctx.config.path or ctx.rule.path, f"option {name} of {ctx.rule.name} must be a number")
    return float(value)


def _fires(ctx: Any, spec: Any, value: float) -> float | None:
    above, below = _limit(ctx, spec, "above"), _limit(ctx, spec, "below")
    if above is not None and value > above:
        return above
    if below is not None and value < below:
        return below
    return None


def check(ctx: Any) -> Iterator[Finding]:
    for spec in _checks(ctx.rule.data):
        yield from _check(ctx, spec)


def _emit(ctx: Any, spec: Any, start: int, end: int, **args: Any) -> Finding:
    """A finding with the check's own message where it has one."""
    template = spec.get("message") if spec is not ctx.rule.data else None
    message = ctx.say(template, text=ctx.posting.text[start:end], **args) if template else None
    return ctx.finding(start, end, message=message, severity=spec.get("severity"), **args)


def _check(ctx: Any, spec: Any) -> Iterator[Finding]:
    metric = spec["metric"]
    if metric == "sentence-length":
        yield from _sentences(ctx, spec)
        return
    if metric == "words":
        value = float(ctx.words)
        start, end = ctx.anchor()
    elif metric == "about-share":
        blocks = ctx.blocks("company")
        company = sum(count_words(ctx.posting.block_text(b)) for b in blocks)
        if not blocks or company < float(ctx.options.get("min-words", 0)) or not ctx.words:
            return
        if not any(b.section not in ("company", "title") and b.kind != "heading" for b in ctx.posting.blocks):
            return  # the whole posting under its one heading: no balance to judge
        value = company / ctx.words
        start, end = blocks[0].start, blocks[0].end
        heading = next((b for b in blocks if b.kind == "heading"), None)
        if heading:
            start, end = heading.start, heading.end
        limit = _fires(ctx, spec, value)
        if limit is not None:
            yield _emit(
                ctx,
                spec,
                start,
                end,
                value=number(value, ctx.lang, True),
                limit=number(limit, ctx.lang, True),
                count=number(company, ctx.lang),
            )
        return
    else:  # readability
        value = readability(ctx.posting, ctx.lang, int(ctx.options.get("min-words", 100)))
        if value is None:
            return
        start, end = ctx.anchor()
    limit = _fires(ctx, spec, value)
    if limit is not None:
        yield _emit(
            ctx,
            spec,
            start,
            end,
            value=number(value, ctx.lang),
            count=number(value, ctx.lang),
            limit=number(limit, ctx.lang),
        )


def _sentences(ctx: Any, spec: Any) -> Iterator[Finding]:
    limit = _limit(ctx, spec, "above")
    for unit in ctx.units:
        n = count_words(ctx.posting.masked[unit.start : unit.end])
        if limit is not None and n > limit:
            yield _emit(ctx, spec, unit.start, unit.end, count=number(n, ctx.lang), limit=number(limit, ctx.lang))
