"""Lexicon kind: words and phrases that should not be there, with a replacement.

Rule data:
  terms: {en: [entry, ...], de: [...]} where an entry is
    match: a phrase or a list of phrases (whole words, any case, any spacing), or
    lemma: a word whose every inflection matches ("utilise" finds "utilised"), or
    regex: a regular expression (run by RE2: linear time, no catastrophic backtracking),
    replace: the replacement ("" deletes; absent: no automatic fix),
    suggest: words to offer in the message when there is no single replacement,
    unsafe: true when the replacement may need a human look,
    severity: the finding's severity, or one per jurisdiction {de: error, ..., unset: warning}
      (the configured `jurisdiction`; "unset" when none is),
    exclude: phrases near the word in whose company it is fine,
    allow: true for a longer phrase that is fine and hides the words inside it
      ("customer support" keeps "support" from matching),
    negated: as the rule's `negated`, for this entry.
  scope: sections the rule looks in (default: all); levels: posting levels it applies to;
  families: role families it applies to (default: any).
  negated: the severity of a hit its clause negates, or off to drop it ("we are not looking
    for a rockstar"); an entry's own `negated` overrides it.
  messages: {replace|delete|plain: {en, de}} templates by what the fix does.
Config may add entries: rules: {NAME: {add: {en: [...]}}}.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import JURISDICTIONS
from ..grammar import VERB_SECOND
from ..model import SEVERITIES, Finding, Rule
from ..yamlio import ConfigError, line_of

EXTRA_OPTIONS = {"add"}
_ENTRY_KEYS = {
    *("match", "lemma", "regex", "replace", "suggest", "unsafe", "note", "exclude", "allow", "severity", "negated")
}


def _entries(data: Any, path: Path) -> list[tuple[str, dict[str, Any]]]:
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, dict):
        raise ConfigError(path, "a lexicon rule needs data.terms: {en: [...], de: [...]}", line_of(data))
    out = []
    for lang, entries in terms.items():
        if not isinstance(entries, list):
            raise ConfigError(path, f"data.terms.{lang} must be a list", line_of(terms, lang))
        for e in entries:
            _check_entry(e, path, line_of(terms, lang))
            out.append((str(lang), e))
    return out


def _check_entry(e: Any, path: Path, line: int | None) -> None:
    if isinstance(e, str):
        return
    if not isinstance(e, dict) or not ({"match", "lemma", "regex"} & set(e)):
        raise ConfigError(path, "each term needs 'match', 'lemma' or 'regex'", line_of(e) or line)
    unknown = set(e) - _ENTRY_KEYS
    if unknown:
        raise ConfigError(path, f"unknown key '{sorted(unknown)[0]}' in term", line_of(e) or line)
    if "regex" in e:
        _re2(str(e["regex"]), path, line_of(e) or line)
    _check_negated(e, "a term's negated", path, line_of(e) or line)
    if "severity" in e:
        sev = e["severity"]
        table = sev if isinstance(sev, dict) else {"unset": sev}
        if not all(j in (*JURISDICTIONS, "unset") and v in SEVERITIES for j, v in table.items()):
            raise ConfigError(
                path,
                f"a term's severity must be one of {', '.join(SEVERITIES)}, or one per jurisdiction",
                line_of(e) or line,
            )


def by_jurisdiction(ctx: Any, table: Any) -> str | None:
    """The severity a {jurisdiction: severity} table (or a plain severity) gives here."""
    if not isinstance(table, dict):
        return table or None
    return table.get(ctx.config.jurisdiction or "unset") or table.get("other") or table.get("unset")


def _re2(pattern: str, path: Path | str, line: int | None) -> Any:
    import re2

    try:
        return _re2_compiled(pattern)
    except re2.error as exc:
        reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ConfigError(path, f"regular expression {pattern!r} is not valid (RE2 syntax): {reason}", line) from None


def any_of(patterns: Iterable[Any], path: Path | str) -> Any:
    """One RE2 pattern that matches wherever any of the patterns does: a text is scanned once,
    not once per pattern."""
    return _any_of(tuple(str(p) for p in patterns), path)


@lru_cache(maxsize=256)
def _any_of(pats: tuple[str, ...], path: Path | str) -> Any:
    for p in pats:
        _re2(p, path, None)  # an error names the pattern, not the alternation
    return _re2_compiled("|".join(f"(?:{p})" for p in pats) or r"[^\s\S]")


@lru_cache(maxsize=1024)  # compiled once per process, not once per posting
def _re2_compiled(pattern: str, case_sensitive: bool = False) -> Any:
    import re2

    return re2.compile(pattern, options=_re2_options(case_sensitive))


@lru_cache(maxsize=2)
def _re2_options(case_sensitive: bool = False) -> Any:
    import re2

    opts = re2.Options()
    opts.case_sensitive = case_sensitive
    opts.log_errors = False  # the error comes back as an exception, with the file and line
    return opts


def validate(rule: Rule, data: Any, path: Path) -> None:
    _entries(data, path)
    _check_negated(data, "data.negated", path, line_of(data, "negated"))


def _check_negated(data: Any, what: str, path: Path, line: int | None) -> None:
    if data.get("negated", "off") not in (*SEVERITIES, "off"):
        raise ConfigError(path, f"{what} must be off or one of {', '.join(SEVERITIES)}", line)


def _negated(ctx: Any, entry: dict[str, Any]) -> Any:
    """What a negated hit of this entry becomes: a severity, "off" (dropped) or None (as any)."""
    return entry.get("negated", ctx.rule.data.get("negated"))


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


@lru_cache(maxsize=256)
def _compile(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    trie: dict[str, Any] = {}
    for p in {_norm(p) for p in phrases}:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(rf"(?<![\w-]){_branches(trie)}(?![\w-])", re.I)


def _branches(node: dict[str, Any]) -> str:
    """The phrases below a trie node as one pattern: at each place in the text a character
    picks its branch, so matching costs the phrase's length, not the number of phrases. A
    phrase that goes on is tried before the one that ends there: the longest match wins."""
    alts = []
    for ch, child in node.items():
        if not ch:
            continue
        run = [ch]
        while len(child) == 1 and "" not in child:  # a chain of single letters: one literal
            ch, child = next(iter(child.items()))
            run.append(ch)
        literal = "".join(r"\s+" if c == " " else re.escape(c) for c in run)
        alts.append(literal + _branches(child))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _lang_entries(ctx: Any) -> list[dict[str, Any]]:
    return table_entries(ctx.rule.data["terms"], ctx.lang, (ctx.options.get("add") or {}).get(ctx.lang))


def table_entries(table: dict[str, Any], lang: str, extra: list[Any] | None = None) -> list[dict[str, Any]]:
    """A language's entries of a {en: [...], de: [...]} table (plus added ones), as mappings."""
    terms = [*(table.get(lang) or []), *(extra or [])]
    return [{"match": e} if isinstance(e, str) else e for e in terms]


def validate_table(table: Any, path: Path) -> None:
    """Check a {en: [...], de: [...]} table of entries as `data.terms` is checked."""
    _entries({"terms": table}, path)


def _phrases(entry: dict[str, Any]) -> list[str]:
    m = entry.get("match")
    return [m] if isinstance(m, str) else list(m or [])


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    for start, end, entry in hits(ctx, _lang_entries(ctx), tuple(data.get("scope") or ())):
        yield finding(ctx, start, end, entry)


def hits(
    ctx: Any, entries: list[dict[str, Any]], scope: tuple[str, ...] = ()
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Where the entries match in the posting: the longest match wins where matches overlap,
    `allow` entries claim their words without a hit, `exclude` contexts are dropped."""
    by_phrase = {_norm(p): e for e in entries for p in _phrases(e)}
    masked = ctx.posting.masked
    found: list[tuple[int, int, dict[str, Any]]] = []
    rx = _compile(tuple(by_phrase))
    if rx:
        found += [(m.start(), m.end(), by_phrase[_norm(m.group())]) for m in rx.finditer(masked)]
    lemmas = {str(e["lemma"]).lower(): e for e in entries if "lemma" in e}
    if lemmas:
        found += [(s, e, entry) for lemma, entry in lemmas.items() for s, e in ctx.lemmas.get(lemma, ())]
    for e in entries:
        if "regex" in e:
            rx2 = _re2(str(e["regex"]), ctx.rule.path, None)
            found += [(m.start(), m.end(), e) for m in rx2.finditer(masked) if m.end() > m.start()]
    reach = -1  # end of the furthest hit taken; hits come sorted by start, so overlap is start < reach
    for start, end, entry in sorted(found, key=lambda h: (h[0], -h[1])):
        if start < reach:
            continue  # a longer phrase already covers it
        if scope and ctx.section_at(start) not in scope:
            continue
        if _excluded(entry, masked, start, end):
            continue
        reach = max(reach, end)
        dropped = _negated(ctx, entry) == "off" and is_negated(masked, start)
        if not entry.get("allow") and not dropped:
            yield start, end, entry


def _excluded(entry: dict[str, Any], masked: str, start: int, end: int) -> bool:
    """An entry's `exclude` phrases: contexts in which the word is fine ("very well" ...)."""
    around = masked[max(0, start - 40) : end + 40].lower()
    return any(_norm(x) in " ".join(around.split()) for x in entry.get("exclude") or ())


def finding(ctx: Any, start: int, end: int, entry: dict[str, Any], messages: dict[str, Any] | None = None) -> Finding:
    """A finding for one hit: the message by what the fix does (from `messages`, default the
    rule's data.messages), the replacement as the fix."""
    text = ctx.posting.text
    found = text[start:end]
    messages = (ctx.rule.data.get("messages") or {}) if messages is None else messages
    replacement = entry.get("replace")
    args: dict[str, Any] = {"text": found, "suggestion": entry.get("suggest") or "", "note": entry.get("note") or ""}
    if isinstance(args["suggestion"], list):
        args["suggestion"] = ", ".join(args["suggestion"])
    fix = None
    if replacement is None:  # with nothing to suggest, the rule's own message ("'synergy' is filler")
        plain = messages.get("plain") or {}
        needs = any("{suggestion}" in str(t) for t in plain.values())
        template = plain if plain and (args["suggestion"] or not needs) else None
    else:
        replacement = str(replacement)
        if "lemma" in entry and found.lower() != str(entry["lemma"]).lower():
            entry = {**entry, "unsafe": True}  # an inflected form may need the replacement inflected too
        edit = _edit(text, ctx.posting.masked, start, end, replacement)
        args["replacement"] = replacement
        # German puts the verb second: without the word before it the sentence turns into a question
        fronted = not replacement and ctx.lang in VERB_SECOND and _sentence_start(text, ctx.posting.masked, start)
        unsafe = entry.get("unsafe") or fronted
        fix = ctx.fix([edit], "unsafe" if unsafe else "safe", text=found, replacement=replacement)
        template = messages.get("replace" if replacement else "delete")
    message = ctx.say(template, **args) if template else None
    severity = by_jurisdiction(ctx, entry.get("severity"))
    negated = _negated(ctx, entry)
    if negated and negated != "off" and is_negated(ctx.posting.masked, start):
        severity = negated
    return ctx.finding(start, end, fix=fix, message=message, severity=severity, **args)


_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|without|don't|doesn't|isn't|aren't|won't|kein\w*|nicht|nie|niemals|ohne)\b", re.I
)
_CLAUSE_END = re.compile(r"[.!?;:\n]")


def is_negated(masked: str, start: int) -> bool:
    """Whether the words of a hit's clause before it (60 characters at most) negate it."""
    before = masked[max(0, start - 60) : start]
    ends = list(_CLAUSE_END.finditer(before))
    return bool(_NEGATION.search(before[ends[-1].end() :] if ends else before))


def _sentence_start(text: str, masked: str, start: int) -> bool:
    """Whether a sentence starts at `start`: first on its line (after a list marker, which the
    masked text blanks), or after a stop."""
    line = masked[max(masked.rfind("\n", 0, start), masked.rfind("\r", 0, start)) + 1 : start]
    return not line.strip() or line.rstrip()[-1:] in ".!?:"


def _edit(text: str, masked: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """The edit that puts `replacement` in place of text[start:end], keeping the sentence
    well-formed: capitals kept, one space removed with a deleted word."""
    sentence_start = _sentence_start(text, masked, start)
    if replacement:
        # a capital only where a sentence starts: mid-sentence a capital is the word's own
        # (a German noun, a name, an acronym), and the replacement has its own
        if sentence_start and text[start].isupper() and not replacement[0].isupper():
            replacement = replacement[0].upper() + replacement[1:]
        return start, end, replacement
    while end < len(text) and text[end] == ",":
        end += 1
    if end < len(text) and text[end] in " \t":
        end += 1
    elif start > 0 and text[start - 1] in " \t":
        start -= 1
    if sentence_start and end < len(text) and text[end].islower() and text[start].isupper():
        return start, end + 1, text[end].upper()
    return start, end, ""
