"""jdlint's HanTa search gives HanTa's own analyses: tag, morphemes, lemma and the scores of
every tag, word for word."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest
from HanTa.HanoverTagger import HanoverTagger

from jdlint.hanta import Tagger
from jdlint.lexicon import MODELS
from jdlint.nlp import Morphology

# Known words, compounds never seen whole, short words, words HanTa only segments with guessed
# morphemes, names, English and German.
WORDS = {
    "de": """Kundenservice Kundenservicemitarbeiterin Reklamationsbearbeitung Anschlussfördermöglichkeiten
    Produktentwicklungslebenszyklus zielgruppengerecht Mitarbeitende Du deine wir bist und im Ab 30 Std
    Homeoffice Jobticket betreuen betreust telefonisch Quereinsteiger*innen Zoomcall Xqzvbrtl ö Ärzte
    Schichtdienst Vertriebsinnendienst Datenschutzgrundverordnung Kenntnisse""".split(),
    "en": """customer support representative troubleshooting multifunctional interconnectivity productionise
    diplomatically PointClickCare Xqzvbrtl we you're a I Administrative onboarding rockstar left analyses
    stakeholders self-starter data-driven""".split(),
}


@cache
def taggers(lang: str) -> tuple[HanoverTagger, Tagger]:
    return HanoverTagger(MODELS[lang]), Tagger(MODELS[lang])


def assert_same(lang: str, words: list[str]) -> None:
    hanta, ours = taggers(lang)
    for word in words:
        for w in (word, word.lower()):
            assert ours.analyze_forward(w.lower()) == hanta.analyze_forward(w.lower()), w
            assert ours.analyze(w, taglevel=3) == hanta.analyze(w, taglevel=3), w
            assert ours.analyze(w) == hanta.analyze(w), w


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_search_gives_hantas_analyses(lang: str) -> None:
    assert_same(lang, WORDS[lang])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_reachability_is_hantas(lang: str) -> None:
    """The tags from which a path leads to each final tag, found faster than HanTa finds them."""
    hanta, ours = taggers(lang)
    assert ours.reachability == hanta.reachability
    assert any(ours.reachability.values())


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_search_gives_hantas_analyses_of_the_corpus_words(lang: str, corpus: Path) -> None:
    """The longest word forms of the corpus (where most segments are guessed) and a random draw."""
    texts = [f.read_text(errors="replace") for f in sorted((corpus / lang).glob("*"))]
    words = sorted({w for text in texts for w in re.findall(r"[^\W\d_]+", text)})
    longest = sorted(words, key=len)[-150:]
    assert_same(lang, longest + random.Random(7).sample(words, 150))


def test_lemma_is_hantas() -> None:
    """The lemma is taken from the analysis of the morphemes, without a second search."""
    hanta, _ = taggers("de")
    morphology = Morphology("de")
    for word in WORDS["de"]:
        assert morphology._analyze(word)[0] == hanta.analyze(word)[0].lower(), word
