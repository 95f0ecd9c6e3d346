"""spaCy pipelines for English and German, with HanTa's morphology for tags and lemmas.

spaCy's blank pipelines give tokens and the Doc model; HanTa (installed from PyPI with its
English and German models) gives each word a lemma, a part of speech and, for German
compounds, its parts. HanTa is asked once per distinct word form and the answer cached:
context-free tagging is far faster than tagging every sentence and good enough for
lemma- and POS-based rules. Sentences are cut at block boundaries and at sentence-final
punctuation, so a list item never runs into the next one.
"""

from __future__ import annotations

import re
import sys
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .cache import Store
from .lexicon import MAX_WORD, MODELS, Lexicon, Raw, ask, stamp
from .source import MAX_BYTES

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .posting import Posting

LANGUAGES = ("en", "de")

# HanTa's tag sets (STTS for German, CLAWS5 for English) to universal POS, longest prefix first.
_UPOS_DE = [
    ("ADJ", "ADJ"),
    ("ADV", "ADV"),
    ("APPR", "ADP"),
    ("APPO", "ADP"),
    ("APZR", "ADP"),
    ("ART", "DET"),
    ("CARD", "NUM"),
    ("FM", "X"),
    ("ITJ", "INTJ"),
    ("KOUI", "SCONJ"),
    ("KOUS", "SCONJ"),
    ("KON", "CCONJ"),
    ("KOKOM", "CCONJ"),
    ("NN", "NOUN"),
    ("NE", "PROPN"),
    ("PDAT", "DET"),
    ("PIAT", "DET"),
    ("PPOSAT", "DET"),
    ("PWAT", "DET"),
    ("PRELAT", "DET"),
    ("PAV", "ADV"),
    ("PWAV", "ADV"),
    ("PTKNEG", "PART"),
    ("PTK", "PART"),
    ("P", "PRON"),
    ("TRUNC", "X"),
    ("VA", "AUX"),
    ("VM", "AUX"),
    ("VV", "VERB"),
    ("$", "PUNCT"),
    ("XY", "X"),
]
_UPOS_EN = [
    ("AJ", "ADJ"),
    ("AT0", "DET"),
    ("AVP", "ADP"),
    ("AV", "ADV"),
    ("CJC", "CCONJ"),
    ("CJ", "SCONJ"),
    ("CRD", "NUM"),
    ("ORD", "ADJ"),
    ("DPS", "DET"),
    ("DT", "DET"),
    ("EX0", "PRON"),
    ("ITJ", "INTJ"),
    ("NP0", "PROPN"),
    ("NN", "NOUN"),
    ("PN", "PRON"),
    ("POS", "PART"),
    ("PRF", "ADP"),
    ("PRP", "ADP"),
    ("PU", "PUNCT"),
    ("TO0", "PART"),
    ("VV", "VERB"),
    ("VB", "AUX"),
    ("VD", "AUX"),
    ("VH", "AUX"),
    ("VM", "AUX"),
    ("XX0", "PART"),
    ("UNC", "X"),
    ("ZZ0", "X"),
]
_SENT_END = frozenset(".!?;…")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _upos(table: list[tuple[str, str]], tag: str) -> str:
    for prefix, upos in table:
        if tag.startswith(prefix):
            return upos
    return "X"


Analysis = tuple[str, str, str, tuple[str, ...]]  # lemma (lower case), universal POS, HanTa tag, parts


class Morphology:
    """Lemma, universal POS and compound parts of a word form, from HanTa (loaded on the first
    word that neither the lexicon nor the on-disk cache holds), cached."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.table = _UPOS_DE if lang == "de" else _UPOS_EN
        self.cache: dict[str, Analysis] = {}
        self._tagger = None
        self.store = Store(f"morphology-{lang}-{_version(lang)}")
        self.fresh: list[tuple[str, str]] = []  # analysed in this process, not yet on disk
        self.absent: set[str] = set()  # looked up on disk and not there
        self.lexicon = Lexicon(lang)
        self.raw: dict[str, Raw] = {}  # HanTa's answers read from the lexicon, not yet used

    def prefetch(self, words: Iterable[str]) -> None:
        """Read the analyses of words not met yet in this process from the on-disk cache, and
        HanTa's answers for the rest from the lexicon."""
        # only words: the rest (numbers, punctuation) is never on disk nor in the lexicon
        new = {w for w in words if w not in self.cache and w not in self.absent and _HAS_LETTER.search(w)}
        for word, value in self.store.get_many(new).items():
            lemma, upos, tag, *parts = value.split(_SEP)
            self.cache[word] = (lemma, upos, tag, tuple(parts))
        rest = [w for w in new if w not in self.cache]
        self.absent.update(rest)
        self.raw.update(self.lexicon.get_many(rest))

    def save(self) -> None:
        if self.fresh:
            self.store.put_many(self.fresh)
            self.fresh = []

    @property
    def tagger(self):  # type: ignore[no-untyped-def]
        if self._tagger is None:
            from .hanta import Tagger

            self._tagger = Tagger(MODELS[self.lang])
        return self._tagger

    def analyze(self, word: str) -> Analysis:
        """Lemma (lower case), universal POS, HanTa's own tag, compound parts."""
        hit = self.cache.get(word)
        if hit is not None:
            return hit
        stored = bool(_HAS_LETTER.search(word))  # the rest costs nothing to compute: never on disk
        if stored and word not in self.absent:
            self.prefetch((word,))  # a word outside the posting (a name for a message) may be on disk
            hit = self.cache.get(word)
        if hit is None:
            hit = self.cache[word] = self._analyze(word)
            if stored:  # the lexicon's words too: a later run then reads one table, not two
                self.fresh.append((word, _SEP.join((*hit[:3], *hit[3]))))
        return hit

    def _analyze(self, word: str) -> Analysis:
        if not _HAS_LETTER.search(word):
            kind = "NUM" if any(c.isdigit() for c in word) else ("PUNCT" if not word.isspace() else "SPACE")
            return word.lower(), kind, kind, ()
        if "-" in word.strip("-") and self.lang == "de":
            # "IT-Servicedesk", "Kunden-E-Mails": the head decides, every part counts.
            pieces = [p for p in word.split("-") if p]
            head = self.analyze(pieces[-1])
            parts = tuple(x for p in pieces for x in ((p.lower(),) + self.analyze(p)[3]))
            return word.lower(), head[1], head[2], tuple(dict.fromkeys(parts))
        if len(word) > MAX_WORD:  # HanTa's time grows with the square of a word's length
            return word.lower(), "X", "XY", ()
        lemma, morphemes, tag = self.raw.pop(word, None) or ask(self.tagger, word)
        upos = _upos(self.table, tag)
        parts: tuple[str, ...] = ()
        if self.lang == "de" and upos == "NOUN" and len(word) >= 7:
            stems = [m for m, t in morphemes if t in ("NN", "NE", "ADJ", "VV", "VVnp", "ADV", "FM")]
            if len(stems) > 1:
                parts = tuple(stems)
        if self.lang == "de" and upos == "PROPN" and word[:1].isupper() and word.lower() in ("du", "dein", "deine"):
            upos = "PRON"  # HanTa tags the capitalised address form as a name
        return lemma.lower(), upos, tag, parts


_SEP = "\x1f"  # between the fields of a cached analysis: never part of a token


def _version(lang: str) -> str:
    """The on-disk cache's version: the code of this module and of the HanTa search, and HanTa's
    files, so a change to any starts a new cache."""
    import hashlib

    code = Path(__file__).read_bytes() + Path(__file__).with_name("hanta.py").read_bytes()
    return hashlib.sha256(code + stamp(lang).encode()).hexdigest()[:12]


@cache
def morphology(lang: str) -> Morphology:
    return Morphology(lang)


def mid_sentence(phrase: str, lang: str) -> str:
    """A phrase as it reads inside a sentence ("… nennt nicht: flexible Arbeitszeiten"): its
    first word in lower case unless it is a German noun, a name or an acronym."""
    first = phrase.split(" ", 1)[0]
    if not first[:1].isupper() or not first[1:2].isalpha() or first[1:2].isupper() or first.endswith("-"):
        return phrase  # lower case already, an acronym, "E-Mails", or a noun's first part ("Entwicklungs-")
    word = first.strip(",;:")
    if lang == "de":  # a capital is a German noun's own, not an adjective's before its noun
        rest = phrase.split(" ", 2)[1:2]
        attribute = (
            bool(rest) and rest[0][:1].isupper() and morphology(lang).analyze(word.lower())[1] in ("ADJ", "DET", "NUM")
        )
        keep = not attribute and morphology(lang).analyze(word)[1] in ("NOUN", "PROPN")
    else:  # a capital tells English names apart: judge the word in lower case
        keep = morphology(lang).analyze(word.lower())[1] == "PROPN"
    return phrase if keep else phrase[:1].lower() + phrase[1:]


_IMPORTING = threading.Lock()


def import_spacy() -> ModuleType:
    """spaCy, imported without its command-line interface. `import spacy` loads the CLI (typer,
    weasel, requests) only to offer `spacy.info`: a third of its import time, on every start of
    jdlint, which never runs it (spaCy means to load it lazily: explosion/spaCy#13933). Here
    `spacy.info` loads the real one when called; a spaCy that needs more of its CLI while it is
    imported is imported as it comes."""
    with _IMPORTING:
        if "spacy" not in sys.modules:
            cli, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
            cli.__path__ = []
            info.info = _spacy_info  # type: ignore[attr-defined]
            stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
            before = set(sys.modules)
            sys.modules.update(stand_ins)
            try:
                import spacy
            except Exception:  # forget what was half imported; the import below does it whole
                for name in set(sys.modules) - before:
                    if name.split(".")[0] == "spacy":
                        del sys.modules[name]
            finally:
                for name, module in stand_ins.items():
                    if sys.modules.get(name) is module:
                        del sys.modules[name]
    import spacy

    return spacy


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


@cache
def pipeline(lang: str) -> Language:
    """One blank spaCy pipeline per language and process."""
    spacy = import_spacy()
    from spacy.tokens import Token

    if not Token.has_extension("parts"):
        Token.set_extension("parts", default=())
    nlp = spacy.blank(lang)
    # spaCy's 1M-character limit guards its parser; a blank tokenizer needs no such guard, and
    # source.MAX_BYTES already bounds what is read.
    nlp.max_length = MAX_BYTES
    return nlp


def analyze(posting: Posting, lang: str) -> Doc:
    """Tokenize the posting's masked text and set lemmas, POS and sentence starts."""
    nlp = pipeline(lang)
    doc = nlp.make_doc(posting.masked)
    _annotate(doc, lang, [b.start for b in posting.blocks])
    return doc


@dataclass
class Words:
    """A Doc's tokens as plain lists, so that a pass over the words creates no spaCy Token
    objects (each costs more than the lookup of its analysis): text, start offset, analysis
    (None for whitespace) and whether it starts a sentence."""

    text: list[str]
    idx: Sequence[int]
    analysis: list[Analysis | None]
    sent_start: list[bool]


_NO = (1 << 64) - 1  # -1 as the uint64 that Doc.from_array takes: "not a sentence start"


# A word's analysis with its strings' ids in the pipeline's vocabulary (one per language and
# process, as the pipeline): each word form's strings are added once, not once per token; then
# whether the form ends a sentence, and its compound parts. Whitespace has no analysis.
_ROWS: dict[str, dict[str, tuple[Analysis | None, int, int, int, bool, tuple[str, ...]]]] = {}
_FORMS: dict[str, dict[int, str]] = {}  # a word form's id in the vocabulary → its text


def words(doc: Doc) -> Words:
    return doc.user_data["jdlint.words"]  # type: ignore[no-any-return]


def _annotate(doc: Doc, lang: str, block_starts: list[int]) -> None:
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LEMMA, ORTH, POS, SENT_START, TAG
    from spacy.parts_of_speech import IDS

    strings = doc.vocab.strings
    cols = doc.to_array([ORTH, IDX, IS_SPACE])
    idx = array("Q", cols[:, 1].tobytes())
    # Each word form's text is taken from the vocabulary once per process, interned: a long
    # posting holds each form once, not once per token.
    orths: list[int] = cols[:, 0].tolist()
    forms = _FORMS.setdefault(lang, {})
    for h in set(orths).difference(forms):
        forms[h] = sys.intern(strings[h])
    text: list[str] = list(map(forms.__getitem__, orths))
    if not text:
        doc.user_data["jdlint.words"] = Words(text, idx, [], [])
        return
    distinct = dict.fromkeys(text)  # each form once, in the order of the text
    morph = morphology(lang)
    morph.prefetch(distinct)  # whitespace is never looked up: it holds no letter
    known = _ROWS.setdefault(lang, {})
    blank = cols[:, 2].astype(bool)
    new = [w for w in distinct if w not in known]
    if new:
        spaces = set(map(text.__getitem__, numpy.flatnonzero(blank).tolist()))  # IS_SPACE is the form's
        for word in new:
            if word in spaces:
                known[word] = (None, 0, IDS["SPACE"], 0, False, ())
            else:
                a = morph.analyze(word)
                known[word] = (a, strings.add(a[0]), IDS[a[1]], strings.add(a[2]), word in _SENT_END, a[3])
    # Column by column, with no Python loop over the tokens: a 5 MB posting has a million.
    analyses, lemmas, pos, tags, ends, parts = zip(*map(known.__getitem__, text))
    # A sentence starts at the first word, after a word that ends one (the whitespace between
    # them aside), and at a block's start.
    first = numpy.zeros(len(text), dtype=bool)
    words_at = numpy.flatnonzero(~blank)
    if words_at.size:
        after_end = numpy.empty(words_at.size, dtype=bool)
        after_end[0] = True
        after_end[1:] = numpy.array(ends, dtype=bool)[words_at[:-1]]
        first[words_at] = after_end
    at, starts = cols[:, 1], numpy.array(block_starts, dtype="uint64")
    found = numpy.searchsorted(at, starts).clip(0, len(text) - 1)  # the tokens at or after each start
    first[found[(at[found] == starts) & ~blank[found]]] = True
    first[0] = True
    # Sentence starts go in with the rest in one from_array: setting Token.is_sent_start
    # scans the whole Doc each time, which is quadratic on a long posting.
    columns = [numpy.array(c, dtype="uint64") for c in (lemmas, pos, tags)]
    columns.append(numpy.where(first, numpy.uint64(1), numpy.uint64(_NO)))
    doc.from_array([LEMMA, POS, TAG, SENT_START], numpy.stack(columns, axis=1))
    for i in numpy.flatnonzero(numpy.fromiter(map(bool, parts), dtype=bool, count=len(parts))).tolist():
        doc[i]._.parts = parts[i]
    doc.user_data["jdlint.words"] = Words(text, idx, list(analyses), first.tolist())


_STOP = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "a",
            "in",
            "for",
            "with",
            "you",
            "our",
            "we",
            "your",
            "is",
            "are",
            "be",
            "will",
            "on",
            "as",
            "or",
            "an",
            "at",
            "this",
            "that",
            "from",
            "by",
            "have",
            "who",
            "can",
            "what",
            "about",
            "work",
            "team",
            "has",
            "it",
            "not",
            "their",
            "they",
            "all",
            "more",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "in",
            "zu",
            "den",
            "von",
            "mit",
            "für",
            "sie",
            "du",
            "ist",
            "ein",
            "eine",
            "im",
            "auf",
            "dem",
            "wir",
            "uns",
            "des",
            "bei",
            "sich",
            "als",
            "auch",
            "ihre",
            "deine",
            "dein",
            "ihr",
            "oder",
            "werden",
            "wird",
            "nicht",
            "sind",
            "zum",
            "zur",
            "über",
            "nach",
            "unser",
            "unsere",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """English or German, by which language's function words the text uses more.

    Function words are what tells two languages apart in running text; a job title or a
    stack of English tech terms in a German ad does not tip it (100 % on the corpus)."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text[:20000].lower()):
        for lang in LANGUAGES:
            if word in _STOP[lang]:
                counts[lang] += 1
    return "de" if counts["de"] > counts["en"] else "en"
