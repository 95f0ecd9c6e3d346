"""jdlint's HanTa search gives HanTa's own analyses: tag, morphemes, lemma and the scores of
every tag, word for word."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from HanTa.HanoverTagger import HanoverTagger

from jdlint import nlp
from jdlint.hanta import Tagger
from jdlint.lexicon import MODELS
from jdlint.nlp import Morphology
from jdlint.posting import parse
from jdlint.source import Source

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


def test_sentences_start_at_the_first_word_after_an_end_and_at_every_block() -> None:
    """A list item never runs into the next one; whitespace never starts a sentence but the
    first token; compound parts go on the token."""
    text = (
        "  Wir suchen dich. Du berätst Kunden im Kundenservice!\n\n- Telefon\n- Chat und E-Mail\n\nAb sofort; in Berlin"
    )
    doc = nlp.analyze(parse(Source("t.md", text)), "de")
    assert [t.text for t in doc if t.is_sent_start] == ["  ", "Wir", "Du", "Telefon", "Chat", "Ab", "in"]
    w = nlp.words(doc)
    assert w.sent_start == [t.is_sent_start for t in doc]
    assert w.text == [t.text for t in doc] and list(w.idx) == [t.idx for t in doc]
    assert [a is None for a in w.analysis] == [t.is_space for t in doc]
    assert [(t.text, t._.parts) for t in doc if t._.parts] == [
        ("Kundenservice", ("kunde", "service")),
        ("E-Mail", ("e", "mail")),
    ]
    assert [(t.lemma_, t.pos_) for t in doc if t.text in ("berätst", "Kunden")] == [
        ("beraten", "VERB"),
        ("kunde", "NOUN"),
    ]
    empty = nlp.analyze(parse(Source("t.md", "")), "de")
    assert len(empty) == 0 and nlp.words(empty).sent_start == []


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_spacy_is_imported_without_its_command_line_interface() -> None:
    """A lint loads none of spaCy's CLI (typer, weasel, requests); `spacy.info` and
    `spacy.cli` still work when asked for."""
    out = _fresh(
        "import sys, io, contextlib\n"
        "from jdlint.api import lint_text\n"
        "found = lint_text('# Kundenberater\\n\\nDu beantwortest Anrufe.\\n').findings\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'weasel', 'requests'}))\n"
        "import spacy\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    info = spacy.info()\n"
        "import spacy.cli\n"
        "print('spacy_version' in info, callable(spacy.cli.download), bool(found))\n"
    )
    assert out.splitlines() == ["[]", "True True True"]


def test_a_spacy_that_needs_its_cli_to_import_is_imported_as_it_comes() -> None:
    """Should the import fail without the CLI, spaCy is imported whole, with its CLI."""
    out = _fresh(
        "import sys\n"
        "class FailOnce:\n"
        "    failed = False\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'spacy.language' and not self.failed:\n"
        "            self.failed = True\n"
        "            raise ImportError('needs its CLI')\n"
        "sys.meta_path.insert(0, FailOnce())\n"
        "from jdlint.nlp import import_spacy, pipeline\n"
        "spacy = import_spacy()\n"
        "print(sys.meta_path[0].failed, 'typer' in sys.modules, len(pipeline('de')('Du beantwortest Anrufe.')))\n"
    )
    assert out == "True True 4"
