"""HanTa's analyses of the most frequent word forms, shipped with jdlint.

A first run would otherwise search HanTa's model for every word form it meets; the frequent
forms, which are most of any posting, are read from `models/lexicon-LANG.sqlite` instead, and
HanTa is asked only about the rest. A row holds the tag and morphemes that `Tagger.analyze(word,
taglevel=3)` answers and the lemma built from them: all depend only on the word in lower case
and on whether its first letter is a capital. The key is the word in lower case; a capitalised
form whose answer differs has its own row, keyed with `^` in front.

The tables are built from the word probabilities of spacy-lookups-data (MIT) by

    pip install 'spacy-lookups-data==1.0.5' && python -m jdlint.models.build_lexicon

A table records the HanTa files it was built with and is passed over when they differ.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Connections, read_many
from .data import builtin_models_dir

if TYPE_CHECKING:
    from .hanta import Tagger

MODELS = {"en": "morphmodel_en.pgz", "de": "morphmodel_ger.pgz"}  # HanTa's model per language
# The most frequent forms: in the corpus they take 76 % (en) and 63 % (de) of HanTa's time; the
# next 100,000 would take a few per cent more, for 4 MB each.
SIZES = {"en": 100_000, "de": 200_000}
MAX_WORD = 64  # longer than any real word, German compounds included; longer tokens are not tagged
_SEP = "\x1f"  # between the fields of a row: never part of a word

# HanTa's lemma (in lower case when read from a table), the morphemes with their tags, the tag
Raw = tuple[str, list[tuple[str, str]], str]


def hanta_files(lang: str) -> list[Path]:
    """HanTa's model for the language and its search's code: what its answers depend on."""
    spec = importlib.util.find_spec("HanTa")
    if spec is None or spec.origin is None:
        return []
    folder = Path(spec.origin).parent
    return [folder / MODELS[lang], folder / "HanoverTagger.py"]


def stamp(lang: str) -> str:
    """The sizes of HanTa's files: a new HanTa release changes them."""
    sizes = []
    for file in hanta_files(lang):
        with contextlib.suppress(OSError):
            sizes.append(f"{file.name}:{file.stat().st_size}")
    return " ".join(sizes)


def key(word: str) -> str:
    """The row of a word: HanTa's answer depends on its lower case and its first letter's case."""
    low = word.lower()
    return "^" + low if word[:1].isupper() else low


def path(lang: str) -> Path:
    return builtin_models_dir() / f"lexicon-{lang}.sqlite"


def ask(tagger: Tagger, word: str) -> Raw:
    """HanTa's answer: one search, and the lemma built from the stem it found."""
    stem, morphemes, tag = tagger.analyze(word, taglevel=3)
    return tagger.makelemma([stem], tag), morphemes, tag


def encode(low: str, raw: Raw) -> str:
    """A row: the tag, the lemma in lower case unless it is the word's own, each morpheme's
    length and tag."""
    lemma, morphemes, tag = raw
    lemma = lemma.lower()
    return _SEP.join([tag, "" if lemma == low else lemma, *(f"{len(m)} {t}" for m, t in morphemes)])


def decode(word: str, value: str) -> Raw:
    tag, lemma, *parts = value.split(_SEP)
    low, at, morphemes = word.lower(), 0, []
    lemma = lemma or low
    for part in parts:
        n, t = part.split(" ", 1)
        morphemes.append((low[at : at + int(n)], t))
        at += int(n)
    return lemma, morphemes, tag


class Lexicon:
    """A language's table, opened read-only on the first lookup; empty if it is missing, was
    built with other HanTa files or cannot be read."""

    def __init__(self, lang: str, file: Path | None = None) -> None:
        self.lang = lang
        self.file = file or path(lang)
        self._conns = Connections()
        self._off = False

    def _connect(self) -> sqlite3.Connection | None:
        conn = self._conns.get()
        if conn is not None or self._off:
            return conn
        try:
            conn = sqlite3.connect(f"{self.file.as_uri()}?mode=ro&immutable=1", uri=True)
        except (sqlite3.Error, OSError, ValueError):
            self._off = True
            return None
        try:
            row = conn.execute("SELECT v FROM meta WHERE k = 'hanta'").fetchone()
        except sqlite3.Error:
            row = None
        if not row or row[0] != stamp(self.lang):
            conn.close()
            self._off = True
            return None
        self._conns.set(conn)
        return conn

    def get_many(self, words: Iterable[str]) -> dict[str, Raw]:
        """HanTa's answers for those of the words in the table."""
        keys: dict[str, list[str]] = {}
        for word in words:
            if not word or word[0] == "^":  # "^" marks a capitalised form's own row
                continue
            k = key(word)
            keys.setdefault(k, []).append(word)
            if k[0] == "^":  # a capitalised form without its own row reads the lower-case one
                keys.setdefault(k[1:], [])
        conn = self._connect() if keys else None
        if conn is None:
            return {}
        try:
            rows = read_many(conn, list(keys))
        except sqlite3.Error:
            self._off = True
            return {}
        out: dict[str, Raw] = {}
        for k, forms in keys.items():
            value = rows.get(k) or (rows.get(k[1:]) if k[0] == "^" else None)
            if value is not None:
                for word in forms:
                    out[word] = decode(word, value)
        return out
