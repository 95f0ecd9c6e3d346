"""Acronym kind: abbreviations in capitals (AHT, IVR, B2B) that the posting never spells out.

Rule data:
  allow: acronyms every reader knows (CV, EU, IT, PDF, CRM ...), any language
  allow-lang: {en: [...], de: [...]} the same per posting language
  known-from: rules (lexicon kind) whose terms are left to them: an acronym one of them lists
    is that rule's business (junior-jargon explains AHT for junior ads; senior ads may use it)
  families / levels: role families and posting levels the rule applies to (default: any)
  name-sections: sections whose acronyms are names, never reported anywhere (the title and
    the company section: "ERGO", "ADAC" name the employer, they are not jargon)
Options: allow (more acronyms to accept, from the configuration).
An acronym counts as spelled out when it stands in parentheses after (or before) other
words, "average handling time (AHT)", or when a run of words has its letters as initials,
"Customer Relationship Management" for CRM. One finding per acronym, at its first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Finding, Rule
from ..yamlio import ConfigError, line_of

EXTRA_OPTIONS = {"allow"}
# Two to six capitals or digits, at least two capitals, optionally a plural "s" (KPIs).
_ACRONYM = re.compile(r"(?<![\w.@&/-])(?=(?:[0-9]*[A-Z]){2})([A-Z][A-Z0-9]{1,5})(s?)(?![\w&])")
_ROMAN = re.compile(r"^[IVXLC]+$")
_WORDS = re.compile(r"[^\W\d_]+")
# Words an expansion may carry without an initial of their own ("Quality of Service").
_SMALL = {"of", "and", "for", "the", "in", "on", "to", "a", "&", "und", "für", "der", "die", "das", "von", "im"}


def validate(rule: Rule, data: Any, path: Path) -> None:
    for key in ("allow", "known-from", "families", "levels", "name-sections"):
        if key in data and not isinstance(data[key], list):
            raise ConfigError(path, f"data.{key} must be a list", line_of(data, key))


def _allowed(ctx: Any) -> set[str]:
    data = ctx.rule.data
    allow = [*(data.get("allow") or ()), *(data.get("allow-lang") or {}).get(ctx.lang, ())]
    allow += ctx.options.get("allow") or ()
    known = set(data.get("known-from") or ())
    for r in ctx.catalogue:
        if r.name in known:
            for e in r.data.get("terms", {}).get(ctx.lang, ()):
                m = e if isinstance(e, str) else e.get("match", ())
                allow.extend([m] if isinstance(m, str) else m)
    return {str(a).upper() for a in allow}


def _shouting(block_text: str) -> bool:
    """A block written in capitals (a shouted heading) holds no acronyms worth asking about."""
    letters = [c for c in block_text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _emphasis(word: str, masked: str) -> bool:
    """A word in capitals for emphasis or a name ("ALL", "THREE", "DATEV"), not an acronym:
    it occurs in small letters too, or it is long and pronounceable (five letters or more,
    two of them vowels)."""
    if len(word) >= 5 and word.isalpha() and sum(c in "AEIOUÄÖÜ" for c in word) >= 2:
        return True
    return re.search(rf"(?<!\w)(?:{word.lower()}|{word.capitalize()})(?!\w)", masked) is not None


def spelled_out(acronym: str, masked: str) -> bool:
    for m in re.finditer(rf"\(\s*{acronym}s?\s*[),;]", masked):  # "Service Level Agreement (SLA)"
        if re.search(r"\w", masked[masked.rfind("\n", 0, m.start()) + 1 : m.start()]):
            return True
    if re.search(rf"\b{acronym}s?\s*\(\s*[^\W\d_]{{3}}", masked):
        return True
    letters = acronym.lower()
    if not letters.isalpha():
        return False
    words = [w.lower() for w in _WORDS.findall(masked)]
    n = len(letters)
    for i, w in enumerate(words):
        if w[0] != letters[0] or w.upper() == acronym:
            continue
        k, j = 0, i
        while j < len(words) and k < n:
            if words[j][0] == letters[k]:
                k += 1
            elif words[j] not in _SMALL or k == 0:
                break
            j += 1
        if k == n:
            return True
    return False


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    allowed = _allowed(ctx)
    names = set(data.get("name-sections") or ())
    masked = ctx.posting.masked
    seen: set[str] = set()
    for block in ctx.posting.blocks:
        if block.section in names or block.kind == "heading":
            seen.update(m.group(1) for m in _ACRONYM.finditer(masked[block.start : block.end]))
    for block in ctx.posting.blocks:
        if block.section in names or block.kind == "heading":
            continue
        text = masked[block.start : block.end]
        if _shouting(text):
            continue
        for m in _ACRONYM.finditer(text):
            acro = m.group(1)
            if acro in seen or acro in allowed or _ROMAN.match(acro):
                continue
            seen.add(acro)
            if _emphasis(acro, masked) or spelled_out(acro, masked):
                continue
            start = block.start + m.start()
            yield ctx.finding(start, start + len(m.group(0)), acronym=acro)
