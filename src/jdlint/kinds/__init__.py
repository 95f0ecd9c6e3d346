"""Rule kinds: each implements, once, a way of checking a posting; rules are data for them.

A kind module offers `check(ctx) -> Iterable[Finding]` over the posting in `ctx` with the
rule in `ctx.rule`, `validate(rule, data, path)` for its part of the rule's YAML, and
`EXTRA_OPTIONS`, the configuration keys it takes beyond the rule's own options. The
engine itself skips a rule whose `data.levels` or `data.families` exclude the posting, so
any kind can be limited to junior ads or to customer-service roles.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    acronym,
    balance,
    coverage,
    engine,
    jobposting,
    lexicon,
    metric,
    pattern,
    pay,
    perks,
    pronoun,
    section,
    title,
    unfinished,
)

KINDS: dict[str, ModuleType] = {
    "lexicon": lexicon,
    "section": section,
    "coverage": coverage,
    "metric": metric,
    "pattern": pattern,
    "engine": engine,
    "acronym": acronym,
    "balance": balance,
    "pay": pay,
    "title": title,
    "perks": perks,
    "pronoun": pronoun,
    "unfinished": unfinished,
    "jobposting": jobposting,
}
