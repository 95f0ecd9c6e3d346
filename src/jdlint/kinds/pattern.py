"""Pattern kind: spaCy Matcher patterns over universal POS and lemmas.

Rule data:
  patterns: {en: [pattern, ...], de: [...]}, each a spaCy Matcher token pattern (a list of
    token specs such as {"POS": "ADP"}, {"LEMMA": {"IN": ["be"]}}, {"OP": "+"}). REGEX, and
    NOT_REGEX (the text must not match), run in RE2: linear time, whatever the pattern.
  scope: sections to look in; block-kinds: block kinds to look in (item, paragraph ...)
  under-heading: with scope, only blocks under a heading of a scoped section count (not
    blocks the section finder placed there by their content)
  whole-block: the pattern must cover every word of its block (a duty that is only a noun)
  max-words: with whole-block, blocks longer than this are skipped
  skip-ending: blocks ending in one of these strings are skipped (a lead-in "Reporting:")
  levels: posting levels the rule applies to
Options: max-findings (report only the first N matches of a posting: a style hint that
  repeats a dozen times is noise; fix the first ones and the next appear).
The longest match wins where matches overlap; one finding per match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon

EXTRA_OPTIONS = {"max-findings"}


def validate(rule: Rule, data: Any, path: Path) -> None:
    pats = data.get("patterns")
    if not isinstance(pats, dict) or not pats:
        raise ConfigError(path, "a pattern rule needs data.patterns: {en: [...], de: [...]}", line_of(data))
    for lang, plist in pats.items():
        for rx in _regexes(plist):
            lexicon._re2(str(rx), path, line_of(pats, lang))  # jdlint runs them with RE2: linear time
        try:
            _matcher(None, _freeze(plist))
        except Exception as exc:  # spaCy's own validation message is the useful part
            raise ConfigError(
                path, f"invalid spaCy pattern for {lang}: {exc}".splitlines()[0], line_of(pats, lang)
            ) from None


def _regexes(x: Any) -> Iterator[Any]:
    if isinstance(x, dict):
        for k, v in x.items():
            if k in _REGEX_KEYS:
                yield v
            else:
                yield from _regexes(v)
    elif isinstance(x, list):
        for v in x:
            yield from _regexes(v)


# Token attributes a REGEX may test, as spaCy names them.
_ATTRS = {
    "TEXT": "text",
    "ORTH": "orth_",
    "LOWER": "lower_",
    "NORM": "norm_",
    "LEMMA": "lemma_",
    "POS": "pos_",
    "TAG": "tag_",
    "SHAPE": "shape_",
}
_REGEX_KEYS = {"REGEX": True, "NOT_REGEX": False}  # the key, and whether a match is wanted


def _with_re2(token_spec: Any) -> Any:
    """A token spec whose REGEX (and NOT_REGEX, a match that must fail) tests run in RE2:
    spaCy's own REGEX uses Python's backtracking engine, which a rule from a cloned repository
    could stall for hours ("^(a+)+$"). Each test becomes a token extension RE2 answers."""
    if not isinstance(token_spec, dict):
        return token_spec
    from spacy.tokens import Token

    spec: dict[str, Any] = {}
    ext = dict(token_spec.get("_") or {})
    for attr, cond in token_spec.items():
        if attr == "_":
            continue
        if isinstance(cond, dict) and attr in _ATTRS and _REGEX_KEYS.keys() & cond.keys():
            for key, wanted in _REGEX_KEYS.items():
                if key in cond:
                    pattern = str(cond[key])
                    rx = lexicon._re2_compiled(pattern, case_sensitive=True)  # as spaCy's REGEX is
                    digest = hashlib.sha1(f"{attr} {pattern}".encode()).hexdigest()[:16]
                    name = f"jdlint_re2_{digest}"
                    if not Token.has_extension(name):
                        Token.set_extension(
                            name, getter=lambda t, a=_ATTRS[attr], r=rx: r.search(getattr(t, a)) is not None
                        )
                    ext[name] = wanted
            cond = {k: v for k, v in cond.items() if k not in _REGEX_KEYS}
            if not cond:
                continue
        spec[attr] = cond
    if ext:
        spec["_"] = ext
    return spec


def _freeze(x: Any) -> Any:
    if isinstance(x, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in x.items()))
    if isinstance(x, list):
        return ("__list__", *map(_freeze, x))
    return x


def _thaw(x: Any) -> Any:
    if isinstance(x, tuple) and x and x[0] == "__list__":
        return [_thaw(v) for v in x[1:]]
    if isinstance(x, tuple):
        return {k: _thaw(v) for k, v in x}
    return x


@lru_cache(maxsize=128)
def _matcher(lang: str | None, frozen: Any) -> Any:
    """A Matcher over the language's vocabulary; with no language, over an empty one, which
    checks the patterns without building a pipeline for a language the posting is not in."""
    from ..nlp import import_spacy, pipeline

    import_spacy()
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    vocab = pipeline(lang if lang in ("en", "de") else "en").vocab if lang else Vocab()
    matcher = Matcher(vocab, validate=True)
    patterns = [[_with_re2(t) for t in p] if isinstance(p, list) else p for p in _thaw(frozen)]
    matcher.add("P", patterns, greedy="LONGEST")
    return matcher


def _heading_section(blocks: list[Any], block: Any) -> str | None:
    """The section of the heading a block sits under (None before the first heading)."""
    section = None
    for b in blocks:
        if b.start > block.start:
            break
        if b.kind == "heading":
            section = b.section
    return section


def check(ctx: Any) -> Iterator[Finding]:
    data = ctx.rule.data
    plist = (data.get("patterns") or {}).get(ctx.lang)
    if not plist:
        return
    matcher = _matcher(ctx.lang, _freeze(plist))
    scope = set(data.get("scope") or ())
    kinds = set(data.get("block-kinds") or ())
    whole = bool(data.get("whole-block"))
    max_words = int(ctx.options.get("max-words", data.get("max-words", 1000)))
    blocks = [b for b in ctx.posting.blocks if (not scope or b.section in scope) and (not kinds or b.kind in kinds)]
    if scope and data.get("under-heading"):
        blocks = [b for b in blocks if _heading_section(ctx.posting.blocks, b) in scope]
    if not blocks:
        return
    spans = sorted(((s, e) for _, s, e in matcher(ctx.doc)), key=lambda x: (x[0], -x[1]))
    last_end = -1
    left = int(ctx.options.get("max-findings", 0)) or len(spans)
    for s, e in spans:
        if s < last_end or left <= 0:
            continue
        span = ctx.doc[s:e]
        block = next((b for b in blocks if b.start <= span.start_char < b.end), None)
        if block is None:
            continue
        if any(ctx.posting.block_text(block).rstrip().endswith(x) for x in data.get("skip-ending") or ()):
            continue
        if whole:
            words = [
                t
                for t in ctx.doc.char_span(block.start, block.end, alignment_mode="expand") or []
                if not t.is_space and not t.is_punct
            ]
            if not words or len(words) > max_words or not all(span.start <= t.i < span.end for t in words):
                continue
        last_end = e
        left -= 1
        yield ctx.finding(span.start_char, span.end_char)
