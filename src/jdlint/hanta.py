"""HanTa's search for a word's morphemes, without scoring segments that no tag can take.

For every state of its table HanTa scores each segment of the word under each tag that may
follow: 13 million scores over the German corpus, most of them for tags of a closed class,
which score only the morphemes of their lexicon and nothing else. Here a closed tag is tried
only on the segments that are one of its morphemes, and a segment's score under a tag is taken
once per word. The tables are filled in HanTa's order with HanTa's sums, so every analysis is
the one HanoverTagger 1.2 gives (tests/test_nlp.py holds the two side by side).
"""

from __future__ import annotations

import math
from operator import itemgetter

from HanTa.HanoverTagger import EMPTY, END_UNKNOWN, START, UNKNOWN, HanoverTagger
from numpy import logaddexp

_FLOOR = -1e6  # HanTa's lower bound: a path scored at or below it is dropped
_KEEP = 3  # HanTa goes on from the states of a table row that score at least its fourth best less 1

State = tuple[int, int]  # (previous tag, tag)
Scores = list[tuple[int, float]]  # (end of a segment, its score) for the segments from one start


class _Word:
    """What both of HanTa's searches of a word (for its tag, then for its morphemes) share."""

    def __init__(self, text: str, known: dict[str, dict[int, float]], longest: int) -> None:
        n = len(text)
        self.text = text
        # for each start and tag: the end and score of each segment from there that is one of the tag's morphemes
        self.known: list[dict[int, Scores]] = [{} for _ in range(n)]
        for i, by_tag in enumerate(self.known):
            for j in range(i + 1, min(n, i + longest) + 1):
                for tag, lp in known.get(text[i:j], {}).items():
                    by_tag.setdefault(tag, []).append((j, lp))
        # for each end: the endings of up to 4 letters there, longest first
        self.endings = [[text[j - k : j] for k in (4, 3, 2, 1) if k <= j] for j in range(n + 1)]
        self.guesses: dict[tuple[int, int], Scores] = {}  # (start, open tag) → the scores guessed


class Tagger(HanoverTagger):
    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self._open = frozenset(t for t in self.LP_m_t if t in self.LP_hapax_t and t in self.LP_s_t)
        self._known: dict[str, dict[int, float]] = {}  # morpheme → its score under each tag that has it
        for tag, lexicon in self.LP_m_t.items():
            for morpheme, lp in lexicon.items():
                self._known.setdefault(morpheme, {})[tag] = lp
        self._longest = max(map(len, self._known))
        self._last = _Word("", {}, 0)
        self._tags: dict[str, list[tuple[int, float]]] = {}  # word → HanTa's score of each tag
        self._paths: dict[tuple[str, int], list[tuple[int, int]]] = {}  # word, tag → its morphemes

    def reachable(self) -> None:
        """HanTa's reachability (the tags from which a path leads to each final tag), found
        with a set per tag: HanTa's own search scans lists and takes a fifth of loading German."""
        before: dict[int, set[int]] = {}
        for (_, tag), followers in self.LP_trans.items():
            for follower in followers:
                before.setdefault(follower, set()).add(tag)
        self.reachability = {}
        for final in self.int2tag:
            if final < 0:
                seen: set[int] = set()
                todo = list(before.get(final, ()))
                while todo:
                    tag = todo.pop()
                    if tag not in seen:
                        seen.add(tag)
                        todo.extend(before.get(tag, ()))
                self.reachability[final] = frozenset(seen)

    def _word(self, text: str) -> _Word:
        if self._last.text != text:
            self._last = _Word(text, self._known, self._longest)
        return self._last

    def _guesses(self, w: _Word, i: int, tag: int) -> Scores:
        """HanTa's lp_m_t of each segment from i under an open tag, where it is finite."""
        got = w.guesses.get((i, tag))
        if got is not None:
            return got
        wlen = len(w.text)
        own = dict(w.known[i].get(tag, ()))  # the segments that are the tag's morphemes, by their end
        suffixes, lengths = self.LP_s_t[tag], self.LP_len_t[tag]
        head = self.Int_t + self.LP_hapax_t[tag]
        got = w.guesses[i, tag] = []
        for j in range(i + 1, wlen + 1):
            lp = own.get(j)
            if lp is None:  # a morpheme never seen, scored by its length and its ending
                n = j - i
                if wlen >= 4 and n <= 2:
                    continue
                for e in w.endings[j]:  # the longest ending with a score, shorter than the segment
                    if len(e) < n and e in suffixes:
                        break
                else:
                    e = ""
                lp = head + lengths[n if n < 24 else 24] + suffixes[e]
                if n == wlen:
                    lp -= 4.6  # HanTa's penalty for the whole word as one unknown morpheme
            if lp > -math.inf:
                got.append((j, lp))
        return got

    def _fill(self, w: _Word, strict: bool, reachable: frozenset[int] | None, back: list[dict] | None) -> list[dict]:
        """HanTa's table: the best score of each state after each position of the word, and
        in `back` (for the morpheme search) the state and position each best score came from."""
        wlen = len(w.text)
        table: list[dict[State, float]] = [{(EMPTY, START): 0}] + [{} for _ in range(wlen + 1)]
        for i in range(wlen):
            row = table[i]
            bound = sorted(row.values(), reverse=True)[_KEEP] - 1 if len(row) > _KEEP else _FLOOR
            known = w.known[i]
            for state, lp in row.items():
                if lp < bound:
                    continue
                for tag, lpt in self.LP_trans_nonfinal.get(state, ()):
                    if reachable is not None and tag not in reachable:
                        continue
                    # a closed tag takes only its own morphemes; an open one also guessed ones
                    got = known.get(tag, ()) if strict or tag not in self._open else self._guesses(w, i, tag)
                    base = lp + lpt
                    new = (state[1], tag)
                    for j, lpm in got:
                        lp1 = base + lpm
                        if lp1 > _FLOOR:
                            cell = table[j]
                            old = cell.get(new)
                            if old is None or lp1 > old:
                                cell[new] = lp1
                                if back is not None:
                                    back[j][new] = (state, i)
        return table

    # HanTa searches the word in lower case: "Customer" and "customer" share both searches.
    def analyze_forward(self, word: str) -> list[tuple[int, float]]:
        got = self._tags.get(word)
        if got is None:
            got = self._tags[word] = self._forward(word)
        return got

    def analyze_viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        got = self._paths.get((word, targetpos))
        if got is None:
            got = self._paths[word, targetpos] = self._viterbi(word, targetpos)
        return got

    def _forward(self, word: str) -> list[tuple[int, float]]:
        table = self._fill(self._word(word), self.strict, None, None)
        last = table[-1]
        for state, lp in table[-2].items():
            for tag, lpt in self.LP_trans_final.get(state, ()):
                lp1 = lp + lpt
                if lp1 > _FLOOR:
                    new = (state[1], tag)
                    if new not in last or lp1 > last[new]:
                        last[new] = lp1
        results: dict[int, float] = {}
        for state, lp in last.items():
            if lp != -math.inf:
                pos = -state[1]
                results[pos] = logaddexp(results[pos], lp) if pos in results else lp
        return sorted(results.items(), key=itemgetter(1), reverse=True) or [(UNKNOWN, 0)]

    def _viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        wlen = len(word)
        w = self._word(word)
        reachable = self.reachability.get(targetpos, frozenset())
        for strict in (True, False):  # unknown morphemes only where known ones give no path
            back: list[dict] = [{} for _ in range(wlen + 2)]
            table = self._fill(w, strict, reachable, back)
            last = table[-1]
            for state, lp in table[-2].items():
                lpt = next((p for tag, p in self.LP_trans_final.get(state, ()) if tag == targetpos), None)
                lp1 = lp + lpt if lpt is not None else -math.inf
                if lp1 > _FLOOR:
                    new = (state[1], targetpos)
                    if new not in last or lp1 > last[new]:
                        last[new] = lp1
                        back[-1][new] = (state, wlen)
            if last:
                break
        best, top = (EMPTY, EMPTY), -math.inf
        for state, lp in last.items():
            if lp > top:
                best, top = state, lp
        i = wlen + 1
        if best == (EMPTY, EMPTY):
            path = [((UNKNOWN, END_UNKNOWN), i), ((START, UNKNOWN), i - 1)]
        else:
            path = [(best, i)]
            state = best
            while i > 0:
                state, i = back[i][state]
                path.append((state, i))
            path.pop()
        return [(state[1], end) for state, end in reversed(path)]
