"""Readability of prose: Flesch Reading Ease (English) and Amstad's German adaptation.

Both formulas read words per sentence and syllables per word. Syllables are counted by
hyphenation points from pyphen's LibreOffice dictionaries, which ship inside the package:
nothing is loaded at run time beyond them, and they work the same on every Python.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

import pyphen

from .posting import Posting, count_words, parse
from .source import Source

WORDS_PER_MINUTE = 200  # a common silent-reading rate for prose
# base - per_sentence * words/sentence - per_syllable * syllables/word
_FORMULA = {"en": (206.835, 1.015, 84.6), "de": (180.0, 1.0, 58.5)}
_DICTIONARY = {"en": "en", "de": "de"}
_PUNCT = re.compile(r"[^\w\s]")
# A sentence runs to its end mark; a fragment of two words or fewer (a list number, "Dr.",
# "z. B.") is no sentence of its own.
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


@cache
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_DICTIONARY[lang])


@cache
def _syllables(word: str, lang: str) -> int:
    return len(_hyphenator(lang).positions(word)) + 1


def _words(text: str) -> list[str]:
    return _PUNCT.sub("", text).split()


def flesch(text: str, lang: str) -> float | None:
    """The score (higher is easier; 60-70 is plain language), or None for text with no words."""
    words = _words(text.lower())
    if not words:
        return None
    sentences = sum(len(_words(s)) > 2 for s in _SENTENCE.findall(text)) or 1
    syllables = sum(_syllables(w, lang) for w in words)
    base, per_sentence, per_syllable = _FORMULA[lang]
    return base - per_sentence * len(words) / sentences - per_syllable * syllables / len(words)


def readability(posting: Posting, lang: str, min_words: int = 100) -> float | None:
    """Flesch Reading Ease (English) or Amstad (German) over the prose sentences; lists of
    short items would flatter the score, so only paragraphs count."""
    prose = " ".join(posting.block_text(b) for b in posting.blocks if b.kind == "paragraph")
    if count_words(prose) < min_words:
        return None
    return flesch(prose, lang)


def stats(text: str, language: str) -> dict[str, Any]:
    """Words (as the length rules count them), reading time, and the engine's readability
    score where the posting has enough prose for one (else None)."""
    posting = parse(Source("<text>", text))
    words = count_words(posting.masked)
    score = readability(posting, language) if language else None
    return {
        "words": words,
        "reading_minutes": math.ceil(words / WORDS_PER_MINUTE),
        "readability": None if score is None else round(score, 1),
    }
