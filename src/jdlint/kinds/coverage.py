"""Coverage kind: concepts of the posting's role model that the posting should name.

Rule data:
  group: the role model's concept group (duties, mundane, leadership, benefits, standards ...)
  scope: sections searched for the concepts (default: every section)
  families: role families the rule applies to (default: any); levels: likewise for levels
  mode: each  - one finding per missing concept (missing-duty, missing-benefit)
        any   - one finding when fewer than `min-covered` concepts are named (mundane tasks)
  insert-into: sections whose list receives the suggested bullet (the unsafe fix)
  severity: per-concept severity where it differs from the rule's
Options: min-covered (mode any), concepts (a subset of the group's ids to check).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..catalog import Rule
from ..concepts import find
from ..model import Finding
from ..yamlio import ConfigError, line_of
from ._insert import item_insert

EXTRA_OPTIONS: set[str] = set()


def validate(rule: Rule, data: Any, path: Path) -> None:
    from ..roles import GROUPS

    if data.get("group") not in GROUPS:
        raise ConfigError(path, f"data.group must be one of {', '.join(GROUPS)}", line_of(data))
    if data.get("mode", "each") not in ("each", "any"):
        raise ConfigError(path, "data.mode must be each or any", line_of(data, "mode"))


def covered(ctx: Any, concept: Any, scope: tuple[str, ...]) -> bool:
    terms = concept.match.get(ctx.lang, ())
    pool = [u for u in ctx.units if not scope or u.section in scope]
    hits = list(find(terms, pool))
    if concept.exclude.get(ctx.lang):
        hits = [u for u in hits if not any(True for _ in find(concept.exclude[ctx.lang], [u]))]
    return bool(hits)


def missing(ctx: Any) -> list[Any]:
    data = ctx.rule.data
    scope = tuple(data.get("scope") or ())
    concepts = ctx.role.group(data["group"])
    wanted = ctx.options.get("concepts")
    if wanted:
        concepts = tuple(c for c in concepts if c.id in wanted)
    return [c for c in concepts if c.match.get(ctx.lang) and not covered(ctx, c, scope)]


def applies(ctx: Any) -> bool:
    data = ctx.rule.data
    if data.get("families") and ctx.role.family not in data["families"]:
        return False
    return not (data.get("levels") and ctx.level not in data["levels"])


def check(ctx: Any) -> Iterator[Finding]:
    if not applies(ctx):
        return
    data = ctx.rule.data
    gaps = missing(ctx)
    into = tuple(data.get("insert-into") or ())
    start, end = ctx.anchor(*into)
    severities = data.get("severity") or {}
    if data.get("mode", "each") == "any":
        total = len(ctx.role.group(data["group"]))
        if not total or total - len(gaps) >= int(ctx.options.get("min-covered", 1)):
            return
        names = [c.name.get(ctx.lang) or c.name.get("en", c.id) for c in gaps]
        edit = _insert_edit(ctx, into, gaps[0])
        fix = ctx.fix([edit], "unsafe", concept=names[0]) if edit else None
        yield ctx.finding(
            start,
            end,
            fix=fix,
            concepts="; ".join(names),
            count=len(gaps),
            suggestion=gaps[0].suggest.get(ctx.lang, ""),
        )
        return
    for c in gaps:
        name = c.name.get(ctx.lang) or c.name.get("en", c.id)
        edit = _insert_edit(ctx, into, c)
        fix = ctx.fix([edit], "unsafe", concept=name) if edit else None
        yield ctx.finding(
            start,
            end,
            concept=c.id,
            fix=fix,
            severity=severities.get(c.id),
            concept_name=name,
            suggestion=c.suggest.get(ctx.lang, ""),
        )


def _insert_edit(ctx: Any, into: tuple[str, ...], concept: Any) -> tuple[int, int, str] | None:
    text = concept.suggest.get(ctx.lang)
    return item_insert(ctx, into, text) if into and text else None
