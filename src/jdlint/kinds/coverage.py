"""Coverage kind: concepts of the posting's role model that the posting should name.

Rule data:
  group: the role model's concept group (duties, mundane, leadership, benefits, standards ...),
    or a list of groups checked together ([duties, leadership])
  group-levels: {GROUP: [levels]} a listed group counted only at these posting levels
    (leadership duties only for lead and manager postings)
  skip-if-active: {CONCEPT: RULE} a concept not reported when RULE runs too (it reports it
    better: salary is left to missing-pay-range)
  always: concepts reported even within allow-missing (salary)
  scope: sections searched for the concepts (default: every section)
  concept-scope: {CONCEPT: [sections]} where a concept is looked for elsewhere ([] = everywhere)
  families: role families the rule applies to (default: any); levels: likewise for levels
  mode: each  - one finding per missing concept
        list  - one finding naming the missing concepts, in the model's order (the most
                important first), at most three by name (missing-duty, missing-benefit);
                its concept is their ids joined by commas, its severity their highest
  more: {en, de} what list mode says of the concepts past three ("and {count} more")
        any   - one finding when fewer than `min-covered` concepts are named (mundane tasks)
  sure-role: true - only where the role was given or the title names exactly the model's job
    (not "Contact Center Solutions Architect" for a contact-centre agent)
  insert-into: sections whose list receives the suggested bullet (the unsafe fix)
  bullet: what that bullet holds, as a [[placeholder]] template-text reports until it is
    filled in: suggest (default: the concept's suggested wording, a duty) or name (the
    concept's name, where its suggestion is advice: "[[Work–life balance: …]]")
  severity: per-concept severity where it differs from the rule's
Options: min-covered (mode any), concepts (a subset of the group's ids to check),
  allow-missing (mode each: a posting that misses at most this many concepts is complete
  enough; nothing but the `always` concepts is reported).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..concepts import find
from ..grammar import pick
from ..model import SEVERITIES, Finding, Rule
from ..nlp import mid_sentence
from ..yamlio import ConfigError, line_of
from ._insert import item_insert, list_style, pending, placeholder

EXTRA_OPTIONS = {"concepts"}  # a subset of the group to check, from the configuration


def validate(rule: Rule, data: Any, path: Path) -> None:
    from ..roles import GROUPS

    group = data.get("group")
    for g in group if isinstance(group, list) else [group]:
        if g not in GROUPS:
            raise ConfigError(path, f"data.group must be one or a list of {', '.join(GROUPS)}", line_of(data))
    if data.get("mode", "each") not in ("each", "list", "any"):
        raise ConfigError(path, "data.mode must be each, list or any", line_of(data, "mode"))


def covered(ctx: Any, concept: Any, scope: tuple[str, ...]) -> bool:
    terms = concept.match.get(ctx.lang, ())
    pool = [u for u in ctx.units if not scope or u.section in scope]
    exclude = concept.exclude.get(ctx.lang)
    return any(not exclude or not any(find(exclude, [u])) for u in find(terms, pool, ctx.units))


def groups(data: dict[str, Any]) -> list[str]:
    return data["group"] if isinstance(data["group"], list) else [data["group"]]


def concepts(ctx: Any) -> tuple[Any, ...]:
    """The concepts the rule checks: its groups' (at this level), minus skipped ones."""
    data = ctx.rule.data
    only = data.get("group-levels") or {}
    out = tuple(c for g in groups(data) if g not in only or ctx.level in only[g] for c in ctx.role.group(g))
    wanted = ctx.options.get("concepts")
    skip = {c for c, rule in (data.get("skip-if-active") or {}).items() if rule in ctx.active}
    return tuple(c for c in out if (not wanted or c.id in wanted) and c.id not in skip)


def missing(ctx: Any) -> list[Any]:
    """The concepts not named; none while placeholders this rule's fix inserted wait to be
    filled in (template-text reports them: one batch of bullets at a time, not all at once)."""
    scope = tuple(ctx.rule.data.get("scope") or ())
    by_concept = ctx.rule.data.get("concept-scope") or {}
    wanted = [c for c in concepts(ctx) if c.match.get(ctx.lang)]
    if any(pending(ctx, _bullet(ctx, c)) for c in wanted):
        return []
    return [c for c in wanted if not covered(ctx, c, tuple(by_concept.get(c.id, scope)))]


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    if data.get("sure-role") and not ctx.role_sure:
        return
    gaps = missing(ctx)
    into = tuple(data.get("insert-into") or ())
    start, end = ctx.anchor(*into)
    severities = data.get("severity") or {}
    if data.get("mode", "each") == "any":
        total = len([c for c in concepts(ctx) if c.match.get(ctx.lang)])
        if not total or total - len(gaps) >= int(ctx.options.get("min-covered", 1)):
            return
        names = [mid_sentence(c.name.get(ctx.lang) or c.name.get("en", c.id), ctx.lang) for c in gaps]
        edit = _insert_edit(ctx, into, gaps[0])
        fix = ctx.fix([edit], "unsafe", concept=names[0]) if edit else None
        yield ctx.finding(
            start,
            end,
            concept=groups(data)[0],  # one finding for the whole group: the group is its concept
            fix=fix,
            concepts="; ".join(names),
            count=len(gaps),
            suggestion=_suggestion(ctx, gaps[0]),
        )
        return
    if len(gaps) <= int(ctx.options.get("allow-missing", 0)):
        gaps = [c for c in gaps if c.id in (data.get("always") or ())]
    if ctx.rule.preview.get("concepts") and not ctx.config.preview:  # concepts in preview: off by default
        gaps = [c for c in gaps if not ctx.rule.in_preview(c.id)]
    if gaps and data.get("mode") == "list":
        names = [mid_sentence(c.name.get(ctx.lang) or c.name.get("en", c.id), ctx.lang) for c in gaps]
        more = len(names) - 3
        listed = "; ".join(names[:3]) + (ctx.say(data["more"], count=more) if more > 0 else "")
        # the bullets go after the same last item (or into one new section), in the model's order
        bullets = [b for c in gaps[:3] if (b := _bullet(ctx, c))]
        edit = item_insert(ctx, into, *bullets) if into and bullets else None
        fix = ctx.fix([edit], "unsafe", concept=listed) if edit else None
        yield ctx.finding(
            start,
            end,
            concept=",".join(c.id for c in gaps),
            fix=fix,
            severity=max((severities.get(c.id, ctx.rule.severity) for c in gaps), key=SEVERITIES.index),
            concept_name=listed,
            count=len(gaps),
            suggestion=_suggestion(ctx, gaps[0]),
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
            suggestion=_suggestion(ctx, c),
        )


def _suggestion(ctx: Any, concept: Any) -> str:
    """The concept's suggested wording in the style of the list it would join: "Du nimmst …
    an" for a list of "Du …" items, an infinitive for a list of infinitives."""
    return str(pick(concept.suggest, ctx.lang, list_style(ctx, tuple(ctx.rule.data.get("insert-into") or ()))))


def _bullet(ctx: Any, concept: Any) -> str:
    if ctx.rule.data.get("bullet") == "name":
        return placeholder(f"{concept.name.get(ctx.lang) or concept.name.get('en', concept.id)}: …")
    text = _suggestion(ctx, concept)
    return placeholder(text) if text else ""


def _insert_edit(ctx: Any, into: tuple[str, ...], concept: Any) -> tuple[int, int, str] | None:
    text = _bullet(ctx, concept)
    return item_insert(ctx, into, text) if into and text else None
