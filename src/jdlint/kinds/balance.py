"""Balance kind: two word lists counted against each other (gender-coded wording).

Every word of a group named in the option `hints` is reported on its own (lexicon entries:
match, lemma or regex, with `suggest`, `replace` (always unsafe here), `allow`, `exclude`);
one document-level finding follows when the `more` group outnumbers the `less` group by
`min-difference` or more, with both counts in the message.

Rule data:
  groups: {GROUP: {en: [entry, ...], de: [...]}} the word lists
  labels: {GROUP: {en, de}} what the message calls a group's words
  suggest: {GROUP: {en, de}} advice for entries that carry no `suggest` of their own
  balance: {more: GROUP, less: GROUP, severity: SEVERITY, message: {en, de}}
    ({more} and {less} are the counts, {words} the most frequent words of `more`)
  messages, scope: as for the lexicon kind
  role-words: {words: [...], levels: [...], title: REGEX} words that name the job itself in a
    posting at one of the levels or with a title matching REGEX ("lead" in a team lead's ad):
    neither reported nor counted there
Options: hints (groups reported word by word), min-difference, add: {GROUP: {en: [...]}}.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import SEVERITIES, Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon

EXTRA_OPTIONS = {"add"}


def validate(rule: Rule, data: Any, path: Path) -> None:
    groups = data.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise ConfigError(path, "a balance rule needs data.groups: {GROUP: {en: [...], de: [...]}}", line_of(data))
    for table in groups.values():
        lexicon.validate_table(table, path)
    balance = data.get("balance") or {}
    for key in ("more", "less"):
        if balance.get(key) not in groups:
            raise ConfigError(path, f"data.balance.{key} must name one of the groups", line_of(data, "balance"))
    if balance.get("severity", "warning") not in SEVERITIES:
        raise ConfigError(path, f"data.balance.severity must be one of {', '.join(SEVERITIES)}", line_of(data))
    for g in rule.options.get("hints") or ():
        if g not in groups:
            raise ConfigError(path, f"option hints names an unknown group '{g}'", line_of(data))


def counts(ctx: Any) -> dict[str, list[tuple[int, int, dict[str, Any]]]]:
    """The hits of every group, one pass so that an overlap is counted for one group only."""
    data = ctx.rule.data
    added = ctx.options.get("add") or {}
    entries = []
    for group, table in data["groups"].items():
        label = ctx.say(data.get("labels", {}).get(group, {"en": group}))
        default = ctx.say(data.get("suggest", {}).get(group, {}))
        for e in lexicon.table_entries(table, ctx.lang, (added.get(group) or {}).get(ctx.lang)):
            extra = {"group": group, "note": label, "suggest": e.get("suggest") or default}
            entries.append({**e, **extra, "unsafe": True})
    out: dict[str, list[tuple[int, int, dict[str, Any]]]] = {g: [] for g in data["groups"]}
    exempt = _role_words(ctx)
    for start, end, entry in lexicon.hits(ctx, entries, tuple(data.get("scope") or ())):
        if ctx.posting.text[start:end].lower() not in exempt:
            out[entry["group"]].append((start, end, entry))
    return out


def _role_words(ctx: Any) -> set[str]:
    """The words that name this posting's own job (leadership words in a lead's posting)."""
    spec = ctx.rule.data.get("role-words") or {}
    title = str(ctx.posting.extra.get("title_text") or "")
    pattern = spec.get("title")
    if ctx.level in (spec.get("levels") or ()) or (
        pattern and lexicon._re2(pattern, ctx.rule.path, None).search(title)
    ):
        return {str(w).lower() for w in spec.get("words") or ()}
    return set()


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    found = counts(ctx)
    for group in ctx.options.get("hints") or ():
        for start, end, entry in found.get(group, ()):
            yield lexicon.finding(ctx, start, end, entry)
    balance = data["balance"]
    more, less = found[balance["more"]], found[balance["less"]]
    if len(more) - len(less) < int(ctx.options.get("min-difference", 3)):
        return
    text = ctx.posting.text
    top = Counter(text[s:e].lower() for s, e, _ in more).most_common(5)
    start, end = ctx.anchor()
    yield ctx.finding(
        start,
        end,
        severity=balance.get("severity", "warning"),
        message=ctx.say(balance.get("message", {}), more=len(more), less=len(less), words=", ".join(w for w, _ in top)),
    )
