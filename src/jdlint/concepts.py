"""Finding concepts (a duty, a skill, a benefit) in a posting through lemmas.

A concept's match terms are written as `verb|synonym + noun|synonym`: every group joined
by `+` must occur in one sentence or list item, in any order, as a lemma, a German
compound part, or a separable German verb put back together ("nimmst ... an" is
"annehmen"). A trailing `*` matches any lemma starting so; multi-word alternatives
match consecutive lemmas. So "answer + call" finds "calls are answered" and
"answering incoming calls"; "anruf" finds "Kundenanrufe" and "Anrufprotokoll".
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .nlp import MAX_WORD, Analysis, words

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .posting import Posting


@dataclass(frozen=True)
class Unit:
    """A sentence or list item, with what the matcher compares against."""

    start: int
    end: int
    section: str
    lemmas: tuple[str, ...]  # in order, for phrases
    words: frozenset[str]  # lemmas, surface forms, compound parts, rebuilt separable verbs


class Alt(NamedTuple):  # a tuple, not a dataclass: hashed in C on every lookup
    words: tuple[str, ...]
    prefix: bool


Term = tuple[tuple[Alt, ...], ...]  # groups of alternatives
_NONE: frozenset[int] = frozenset()


@lru_cache(maxsize=4096)
def compile_term(term: str) -> Term:
    groups = []
    for group in term.lower().split("+"):
        alts = []
        for alt in group.split("|"):
            alt = alt.strip()
            if not alt:
                continue
            prefix = alt.endswith("*")
            alts.append(Alt(tuple(alt.rstrip("*").split()), prefix))
        if alts:
            groups.append(tuple(alts))
    return tuple(groups)


class Units(list):  # type: ignore[type-arg]
    """A posting's units with an index from every word to the units holding it, built once,
    so that a concept is looked up rather than searched for in every sentence."""

    _index: dict[str, set[int]] | None = None
    _alts: dict[Alt, frozenset[int]]
    _terms: dict[str, frozenset[int]]

    def index(self) -> dict[str, set[int]]:
        """Every word to the units holding it, and the words sorted (and sorted read backwards):
        a concept's word, a prefix or a compound head is then a lookup or a binary search,
        however many words the posting has."""
        if self._index is None:
            self._alts, self._terms = {}, {}
            self._pos = {id(u): i for i, u in enumerate(self)}
            index: defaultdict[str, set[int]] = defaultdict(set)
            for i, u in enumerate(self):
                for w in u.words:
                    index[w].add(i)
            self._index = dict(index)  # lookups of absent words must not add them
            # Longer runs of characters are no words (a hostile file may hold them).
            self._sorted = sorted(x for x in self._index if len(x) <= MAX_WORD)
            self._backwards = sorted(x[::-1] for x in self._sorted)
        return self._index

    def _starting(self, prefix: str) -> list[str]:
        i = bisect.bisect_left(self._sorted, prefix)
        j = bisect.bisect_left(self._sorted, prefix + "\U0010ffff")
        return self._sorted[i:j]

    def _heads(self, head: str) -> list[str]:
        """Words that end in `head` after three letters or more: German compounds
        ("kundenreklamation" for "reklamation")."""
        back = head[::-1]
        i = bisect.bisect_left(self._backwards, back)
        j = bisect.bisect_left(self._backwards, back + "\U0010ffff")
        return [x[::-1] for x in self._backwards[i:j] if len(x) >= len(head) + 3]

    def matching(self, term: str) -> frozenset[int]:
        """Positions of the units in which the term matches; rules that share a term share
        the answer."""
        self.index()
        hit = self._terms.get(term)
        if hit is None:
            hit = _NONE
            for n, group in enumerate(compile_term(term)):
                found = frozenset().union(*map(self.holding, group))
                hit = found if n == 0 else hit & found
                if not hit:  # most terms: a group named nowhere, so the rest need no lookup
                    break
            self._terms[term] = hit
        return hit

    def holding(self, alt: Alt) -> frozenset[int]:
        """Positions of the units in which the alternative matches (the index built)."""
        hit = self._alts.get(alt)
        if hit is not None:
            return hit
        index = self._index
        assert index is not None
        if len(alt.words) == 1:
            w = alt.words[0]
            if alt.prefix:
                keys = self._starting(w)
            else:
                keys = [w] if w in index else []
                if len(w) >= 5:  # German compound heads, as _alt_matches
                    keys += self._heads(w)
            hit = frozenset().union(*map(index.__getitem__, keys)) if keys else _NONE
        else:
            required = alt.words[: len(alt.words) - 1 if alt.prefix else len(alt.words)]
            if all(w in index for w in required):
                candidates = set.intersection(*map(index.__getitem__, required)) if required else range(len(self))
                hit = frozenset(i for i in candidates if _alt_matches(alt, self[i]))
            else:  # a word of the phrase is in no unit
                hit = _NONE
        self._alts[alt] = hit
        return hit

    def position(self, unit: Unit) -> int | None:
        self.index()
        return self._pos.get(id(unit))


def units(posting: Posting, doc: Doc) -> Units:
    """Sentences of the posting, each tagged with its block's section."""
    cached = posting.extra.get("units")
    if cached is not None:
        return cached
    starts = [b.start for b in posting.blocks]
    w = words(doc)
    bounds = [i for i, first in enumerate(w.sent_start) if first] + [len(w.text)]
    out = Units()
    for a, b in zip(bounds, bounds[1:]):
        toks = [k for k in range(a, b) if w.analysis[k] is not None]
        if not toks:
            continue
        first, last = toks[0], toks[-1]
        i = bisect.bisect_right(starts, w.idx[first]) - 1
        section = posting.blocks[i].section if i >= 0 else "other"
        pairs = [(w.text[k].lower(), w.analysis[k]) for k in toks]
        out.append(Unit(w.idx[first], w.idx[last] + len(w.text[last]), section, *_words(pairs)))  # type: ignore[arg-type]
    posting.extra["units"] = out
    return out


# Nouns that only glue a phrase together name nothing: "in order to" is not about orders.
_GLUE = {("in", "order", "to"), ("in", "order", "for"), ("in", "order", "that")}
_PARTICLES = ("ADP", "PART")  # STTS's PTKVZ (a separated verb particle) maps to PART


def _words(toks: list[tuple[str, Analysis]]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Lemmas in order, and every word the unit can be matched by, from (lower case, analysis)."""
    low = [w for w, _ in toks]
    if "order" in low:
        glue = {i for i in range(1, len(toks) - 1) if (low[i - 1], low[i], low[i + 1]) in _GLUE}
        toks = [t for i, t in enumerate(toks) if i not in glue]
        low = [w for w, _ in toks]
    lemmas = tuple([a[0] for _, a in toks])
    words = {*lemmas, *low}
    # Only compound parts and particles add words; most tokens have neither.
    for i in [i for i, (_, a) in enumerate(toks) if a[3] or a[1] in _PARTICLES]:
        w, (_, upos, tag, parts) = toks[i]
        words.update(parts)
        # A preposition ending a clause (before a stop, comma or "und") is a separated verb
        # particle: "nimmst ... an." / "nimmst ... an und ..."
        after = toks[i + 1][1][1] if i + 1 < len(toks) else None
        if tag.startswith("PTKVZ") or (upos == "ADP" and (after is None or after in ("PUNCT", "CCONJ"))):
            words.update(w + a[0] for _, a in toks if a[1] in ("VERB", "AUX"))  # separable: "nimmst ... an"
    return lemmas, frozenset(words)


def _alt_matches(alt: Alt, unit: Unit) -> bool:
    if len(alt.words) == 1:
        w = alt.words[0]
        if w in unit.words:
            return True
        if alt.prefix:
            return any(x.startswith(w) for x in unit.words)
        # German compound heads: "reklamation" in "kundenreklamation"
        return len(w) >= 5 and any(len(x) > len(w) + 2 and x.endswith(w) for x in unit.words)
    n = len(alt.words)
    if not all(w in unit.words for w in alt.words[: n - 1 if alt.prefix else n]):
        return False  # a word of the phrase is missing: no need to scan a long unit
    seq = unit.lemmas
    for i in range(len(seq) - n + 1):
        if all(
            seq[i + k] == alt.words[k] or (alt.prefix and k == n - 1 and seq[i + k].startswith(alt.words[k]))
            for k in range(n)
        ):
            return True
    return False


def term_matches(term: Term, unit: Unit) -> bool:
    return bool(term) and all(any(_alt_matches(a, unit) for a in group) for group in term)


def find(terms: Iterable[str], pool: Iterable[Unit], within: Units | None = None) -> Iterator[Unit]:
    """Units of the pool in which any of the terms matches, each once. With `within`, the
    posting's indexed units that the pool is drawn from, the search is a lookup, term by term
    (units in the order the terms find them): a caller that needs one unit searches no further."""
    if within is None:
        compiled = [compile_term(t) for t in terms]
        for unit in pool:
            if any(term_matches(t, unit) for t in compiled):
                yield unit
        return
    wanted = {within.position(unit) for unit in pool}
    for term in terms:
        for i in sorted(within.matching(term) & wanted):
            wanted.discard(i)
            yield within[i]
