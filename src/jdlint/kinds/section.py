"""Section kind: sections a posting must have. One finding per missing section; its fix
(unsafe: the words are the recruiter's to write) inserts a heading and a prompt line.

Rule data:
  sections: the section ids checked (company, duties, skills, traits, qualifications, benefits ...)
  severity: per-section severity where it differs from the rule's
  names: {SECTION: {en, de}} what the message calls the section
  templates: {SECTION: {en, de}} the Markdown inserted by the fix ("{h}" is the heading marker)
Options: sections (which to require).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Finding, Rule
from ..sections import SECTIONS, _votes, company_statements, duty_statements, title_words, vocabulary
from ..yamlio import ConfigError, line_of
from ._insert import PLACEHOLDER, heading_prefix, pending, section_insert
from .pay import pay_example

EXTRA_OPTIONS: set[str] = set()
# Sections that real postings often state inside another one rather than under a heading.
_CUE_SCOPE = {
    "traits": ("skills", "qualifications", "summary", "duties", "other"),
    "qualifications": ("skills", "traits", "summary", "other"),
    "skills": ("qualifications", "traits", "duties", "summary"),
    # a benefit named anywhere (pay grade in the intro, "remote" in the title) is an offer
    "benefits": ("title", "summary", "company", "duties", "other", "application"),
}


def validate(rule: Rule, data: Any, path: Path) -> None:
    for s in rule.options.get("sections") or data.get("sections") or ():
        if s not in SECTIONS:
            raise ConfigError(path, f"unknown section '{s}' (sections: {', '.join(SECTIONS)})", line_of(data))


def present(ctx: Any, section: str) -> bool:
    if ctx.has_section(section):
        return True
    if section == "company":
        words = title_words(ctx.posting)
        return any(
            company_statements(ctx.doc, b.start, b.end, ctx.lang, words)
            for b in ctx.posting.blocks
            if b.section not in ("title", "application") and b.kind == "paragraph"
        )
    if section == "duties":
        words = title_words(ctx.posting)
        prose = [b for b in ctx.posting.blocks if b.section in ("summary", "other", "company") and b.kind != "heading"]
        if any(duty_statements(ctx.doc, ctx.lang, b.start, b.end, words) for b in prose):
            return True
    strong = vocabulary().anywhere.get(section)
    if strong and any(strong.search(ctx.posting.block_text(b)) for b in ctx.posting.blocks if b.kind != "heading"):
        return True
    scope = _CUE_SCOPE.get(section)
    if not scope:
        return False
    return any(_votes(ctx.posting.block_text(b))[section] for b in ctx.posting.blocks if b.section in scope)


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    wanted = ctx.options.get("sections") or data.get("sections") or ()
    start, end = ctx.anchor()
    for section in wanted:
        template = ctx.say(data.get("templates", {}).get(section, {}), h=heading_prefix(ctx), pay=pay_example(ctx))
        # a section the fix inserted counts while its placeholders wait (template-text reports them)
        waiting = any(pending(ctx, p) for p in PLACEHOLDER.findall(template))
        if waiting or present(ctx, section):
            continue
        name = ctx.name(data.get("names", {}).get(section, {"en": section}))
        fix = ctx.fix([section_insert(ctx, section, template.rstrip())], "unsafe", section=name) if template else None
        yield ctx.finding(
            start, end, concept=section, fix=fix, severity=(data.get("severity") or {}).get(section), section=name
        )
