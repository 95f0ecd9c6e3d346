"""Pronoun kind: the future employee called "he" or "she".

Paired forms ("he/she", "his or her", "er/sie") always stand for an unknown person: they
are lexicon entries with their neutral replacement. For a paired subject ("he or she has")
the fix also puts the verb into the plural ("they have"), so it is safe.
A lone pronoun ("he", "his", "ihm", "seine") counts only when the person it points back to
is the hire: looking back through its sentence and the one before, the nearest word for a
person is a word for the candidate, the "new" someone, or the job's own title noun, and not
a name or another person ("our founder ... she"); or, in the lists of duties and
requirements, when no one comes before it at all ("- He will own the backend").

Rule data:
  pairs: a lexicon table {en: [entry, ...], de: [...]} of paired forms
  subjects: {en: [phrase, ...]} paired forms that are subjects: their verb is fixed
  agreement: {en: {is: are, ...}} plural forms of irregular verbs; others take their lemma
  pronouns: {en: [word, ...], de: [...]} lone pronouns, by lower-case form
  tags: {de: [tag, ...]} the tags a lone pronoun must have (German "sein" is also a verb)
  candidate: {en: [lemma, ...]} words for the hire; others: known people (the founder, the
    team lead); public: people the job serves (a customer: "he or she" is fine for them)
  new: {en: [lemma, ...]} adjectives that make a person word the hire ("the new colleague")
  messages: {lone: {en, de}} and the lexicon's replace / plain for pairs
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..model import Edit, Finding, Rule
from ..nlp import morphology
from ..yamlio import ConfigError, line_of
from . import lexicon

EXTRA_OPTIONS: set[str] = set()


def validate(rule: Rule, data: Any, path: Path) -> None:
    lexicon.validate_table(data.get("pairs") or {}, path)
    for key in ("pronouns", "candidate", "others", "public", "new", "subjects"):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
            raise ConfigError(path, f"data.{key} must map a language to a list of words", line_of(data, key))


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    lang = ctx.lang
    words = {key: set((data.get(key) or {}).get(lang) or ()) for key in ("candidate", "others", "public", "new")}
    title = _title_nouns(ctx, words["others"] | words["public"])
    people = _People(words["candidate"] | title, words["others"], words["public"], words["new"])
    taken: list[tuple[int, int]] = []
    subjects = {lexicon._norm(s) for s in (data.get("subjects") or {}).get(ctx.lang) or ()}
    for start, end, entry in lexicon.hits(ctx, lexicon.table_entries(data.get("pairs") or {}, ctx.lang)):
        taken.append((start, end))
        if _antecedent(ctx, start, people) == "public":
            continue  # "the customer ... he or she": not the hire
        finding = lexicon.finding(ctx, start, end, entry)
        if lexicon._norm(ctx.posting.text[start:end]) in subjects:
            finding = _agree(ctx, finding, start, end) or finding
        yield finding
    yield from _lone(ctx, taken, people)


def _agree(ctx: Any, finding: Finding, start: int, end: int) -> Finding | None:
    """The paired subject with its verb in the plural: "he or she has" -> "they have"."""
    doc = ctx.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    irregular = (ctx.rule.data.get("agreement") or {}).get(ctx.lang) or {}
    for tok in doc[span.end : span.end + 3]:
        if tok.tag_ == "VM0" or (tok.tag_ in ("VVD", "VBD") and tok.lower_ != "was"):
            verb = None  # a modal or past tense stays as it is
        elif tok.tag_ in ("VBZ", "VHZ", "VDZ", "VVZ") or tok.lower_ == "was":
            verb = irregular.get(tok.lower_, tok.lemma_)
            if tok.text[:1].isupper():
                verb = verb.capitalize()
        elif tok.pos_ == "ADV":
            continue
        else:
            return None
        they = "They" if ctx.posting.text[start].isupper() else "they"
        edits = [Edit(start, end, they)] + ([Edit(tok.idx, tok.idx + len(tok), verb)] if verb else [])
        replacement = f"{they} {verb}" if verb else they
        # a second verb of the same subject ("… has two years and manages a queue") would need
        # the plural too: the fix is then the writer's to finish
        later = doc[tok.i + 1 : tok.sent.end]
        more = any(t.tag_ in ("VBZ", "VHZ", "VDZ", "VVZ") for t in later)
        fix = ctx.fix(edits, "unsafe" if more else "safe", text=ctx.posting.text[start:end], replacement=replacement)
        return dataclasses.replace(finding, fix=fix)
    return None


def _lone(ctx: Any, taken: list[tuple[int, int]], people: _People) -> Iterator[Finding]:
    data = ctx.rule.data
    lang = ctx.lang
    pronouns = frozenset(w.lower() for w in (data.get("pronouns") or {}).get(lang) or ())
    tags = set((data.get("tags") or {}).get(lang) or ())
    if not pronouns:
        return
    for m in lexicon._compile(tuple(sorted(pronouns))).finditer(ctx.posting.masked):  # type: ignore[union-attr]
        span = ctx.doc.char_span(m.start(), m.end())
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        if tags and tok.tag_ not in tags:
            continue
        if any(s <= tok.idx < e for s, e in taken):
            continue
        who = _antecedent(ctx, tok.idx, people, pronouns)
        # In a list of duties or requirements, a pronoun with no one before it is the hire's.
        if who == "hire" or (who is None and _in_list_about_the_hire(ctx, tok.idx)):
            yield ctx.finding(tok.idx, tok.idx + len(tok), message=_lone_message(ctx, "lone", tok.text))
        elif who == "public" and lang in ((data.get("messages") or {}).get("public") or {}):
            # "the customer ... he": any customer made a man. Only where the language has a
            # message: German "der Kunde ... er" is grammar, not an assumption.
            yield ctx.finding(tok.idx, tok.idx + len(tok), message=_lone_message(ctx, "public", tok.text))


def _lone_message(ctx: Any, key: str, text: str) -> str | None:
    template = (ctx.rule.data.get("messages") or {}).get(key)
    return ctx.say(template, text=text) if template else None


def _in_list_about_the_hire(ctx: Any, offset: int) -> bool:
    block = ctx.block_at(offset)
    return block is not None and offset < block.end and block.kind == "item" and block.section in _ABOUT_THE_HIRE


def _antecedent(
    ctx: Any, offset: int, people: _People, pronouns: frozenset[str] = frozenset(), depth: int = 0
) -> str | None:
    """Who the nearest person before `offset` is, in its sentence and the one before: "hire"
    (a word for the candidate, the new someone, the job title's noun), "other" (a name or
    another known person), "public" (someone the job serves: a customer, a patient), "thing"
    (German: a noun of any kind comes first) or None (no one)."""
    lang = ctx.lang
    here = ctx.doc.char_span(offset, offset + 1, alignment_mode="expand")
    if here is None:
        return None
    sent = here[0].sent
    start = ctx.doc[sent.start - 1].sent.start if sent.start else sent.start
    window = list(ctx.doc[start : here.start])
    for i in range(len(window) - 1, -1, -1):
        tok = window[i]
        word, lemma = tok.lower_, tok.lemma_.lower()
        prev = window[i - 1].lemma_.lower() if i else ""
        if _plural(tok, window[i - 1] if i else None, lang):
            continue  # "Der Bewerber betreut Kunden. Er ...": a singular pronoun
        if word in pronouns:  # "Natalie ... She walks you through ... her family": follow the chain
            return _antecedent(ctx, tok.idx, people, pronouns, depth + 1) if depth < _CHAIN else None
        forms = {word, lemma, _last_part(tok)}
        if forms & people.candidate:
            return "hire"
        for kind, words in (("other", people.others), ("public", people.public)):
            if forms & words:
                return "hire" if prev in people.new else kind
        if tok.is_upper and len(tok) > 1:
            continue  # an acronym ("CRM") is not a name
        capitalised = lang == "en" and tok.text[:1].isupper() and tok.is_alpha and not tok.is_sent_start
        if tok.pos_ == "PROPN" or (capitalised and tok.pos_ != "NOUN"):
            return "other"  # a name: the pronoun is that person's
        if lang == "de" and tok.pos_ == "NOUN":
            return "thing"  # "der Campus ... seine": German "er" and "sein" point to things too
    return None


_CHAIN = 3  # pronouns followed back to a person, at most
_ABOUT_THE_HIRE = {"duties", "skills", "traits", "qualifications"}


class _People(NamedTuple):
    candidate: set[str]  # words for the hire
    others: set[str]  # known people: the founder, the team lead
    public: set[str]  # people the job serves: customers, patients
    new: set[str]  # "the new colleague" is the hire


_SINGULAR_OBLIQUE_DE = {"den", "dem", "des", "einen", "einem", "eines", "jeden", "jedem", "unseren", "unserem"}


def _plural(tok: Any, prev: Any, lang: str) -> bool:
    """A plural noun (it cannot be what "he" or "er" points back to). German tags carry no
    number: an inflected noun without a singular article before it counts as plural."""
    if lang == "en":
        return tok.tag_ == "NN2"
    inflected = tok.pos_ == "NOUN" and tok.lower_ != tok.lemma_.lower()
    return inflected and (prev is None or prev.lower_ not in _SINGULAR_OBLIQUE_DE)


def _last_part(tok: Any) -> str:
    parts = getattr(tok._, "parts", ()) or ()
    return parts[-1].lower() if parts else ""


_WORDS = re.compile(r"[^\W\d_]+")
# Endings of nouns for a person who does something: representative, engineer, Berater, Referent.
_PERSON_SUFFIX = re.compile(r"(?:er|or|ist|ant|ent|ian|ee|ive|ate|eur|erin|in|kraft|ling)$")


def _title_nouns(ctx: Any, people: set[str]) -> set[str]:
    """The job title's words for a person ("representative", "berater"): the job names the
    hire. Words for other people ("customer") and for things ("support") are left out."""
    morph = morphology(ctx.lang)
    out = set()
    for w in _WORDS.findall(str(ctx.posting.extra.get("title_text") or "")):
        lemma, pos, _, parts = morph.analyze(w)
        for form in (lemma.lower(), parts[-1].lower() if parts else ""):
            if pos == "NOUN" and _PERSON_SUFFIX.search(form) and form not in people:
                out.add(form)
    return out
