"""The shipped lexicon holds HanTa's own answers, and a posting's analysis is the same with it
as without it; a table built with other HanTa files, or damaged, is passed over."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path

import pytest
from HanTa.HanoverTagger import HanoverTagger

from jdlint.lexicon import MODELS, Lexicon, ask, path, stamp
from jdlint.models.build_lexicon import build, frequent
from jdlint.nlp import Morphology

WORDS = {
    "de": "Kundenservice kundenservice Reklamation Du betreuen Betreuen telefonisch Homeoffice Xqzvbrtl Ärzte".split(),
    "en": "customer Customer support troubleshooting Left left you're Xqzvbrtl I onboarding".split(),
}


@cache
def hanta(lang: str) -> HanoverTagger:
    return HanoverTagger(MODELS[lang])


def expected(lang: str, word: str) -> tuple[str, list[tuple[str, str]], str]:
    lemma, morphemes, tag = ask(hanta(lang), word)
    return lemma.lower(), morphemes, tag


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_shipped_table_holds_hantas_answers(lang: str) -> None:
    """Every 500th row and 200 drawn at random, each in lower case and capitalised."""
    conn = sqlite3.connect(f"{path(lang).as_uri()}?mode=ro", uri=True)  # never create it
    assert conn.execute("SELECT v FROM meta WHERE k = 'hanta'").fetchone()[0] == stamp(lang), (
        f"{path(lang)} was built with other HanTa files: run python -m jdlint.models.build_lexicon {lang}"
    )
    keys = [k for (k,) in conn.execute("SELECT k FROM kv ORDER BY k")]
    assert len(keys) > 50_000
    sample = keys[::500] + random.Random(11).sample(keys, 200)
    forms = {w for k in sample for low in (k.lstrip("^"),) for w in (low, low[:1].upper() + low[1:])}
    got = Lexicon(lang).get_many(forms)
    assert set(got) == forms
    for word in sorted(forms):
        assert got[word] == expected(lang, word), word


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_built_table_reads_back(lang: str, tmp_path: Path) -> None:
    file = tmp_path / "lexicon.sqlite"
    build(lang, [w.lower() for w in WORDS[lang]], file)
    got = Lexicon(lang, file).get_many(WORDS[lang] + ["Absent", "absent"])
    assert set(got) == set(WORDS[lang])  # "absent" was not built
    for word in WORDS[lang]:
        assert got[word] == expected(lang, word), word


def test_a_table_of_other_hanta_files_or_damaged_is_passed_over(tmp_path: Path) -> None:
    stale = tmp_path / "stale.sqlite"
    build("de", ["kunde"], stale)
    with sqlite3.connect(stale) as conn:
        conn.execute("UPDATE meta SET v = 'morphmodel_ger.pgz:1'")
    assert Lexicon("de", stale).get_many(["kunde"]) == {}
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database" * 100)
    assert Lexicon("de", damaged).get_many(["kunde"]) == {}
    assert Lexicon("de", tmp_path / "missing.sqlite").get_many(["kunde"]) == {}


def without_lexicon(lang: str, tmp_path: Path) -> Morphology:
    m = Morphology(lang)
    m.lexicon = Lexicon(lang, tmp_path / "missing.sqlite")
    return m


@pytest.mark.parametrize("lang", ["de", "en"])
def test_analyses_are_the_same_with_the_lexicon(lang: str, tmp_path: Path, corpus: Path, monkeypatch) -> None:
    """Every word form of 40 corpus postings, analysed with the lexicon and with HanTa alone."""
    monkeypatch.setenv("JDLINT_NO_CACHE", "1")
    files = sorted((corpus / lang).glob("*"))
    texts = [f.read_text(errors="replace") for f in random.Random(5).sample(files, 40)]
    words = sorted({w for t in texts for w in re.findall(r"\S+", t)} | set(WORDS[lang]))
    fast, slow = Morphology(lang), without_lexicon(lang, tmp_path)
    fast.prefetch(words)
    assert len(fast.raw) > len(words) / 2  # most forms are in the lexicon
    for word in words:
        assert fast.analyze(word) == slow.analyze(word), word


def test_hanta_is_not_loaded_for_frequent_words(monkeypatch) -> None:
    monkeypatch.setenv("JDLINT_NO_CACHE", "1")
    m = Morphology("de")
    words = "Wir suchen eine freundliche Kollegin für unseren Kundenservice in Berlin".split()
    m.prefetch(words)
    assert [m.analyze(w)[1] for w in words][:3] == ["PRON", "VERB", "DET"]
    assert m._tagger is None


def test_the_frequent_forms_are_words_in_order_of_probability(tmp_path: Path) -> None:
    data = tmp_path / "de_lexeme_prob.json.gz"
    probs = {
        "und": -3.0,
        "Und": -3.5,
        "kunden-service": -5.0,
        "z.B.": -6.0,
        "http://x.de": -4.0,
        "2024": -4.5,
        "^^": -4.6,
        "n't": -7.0,
        "betreuen": -8.0,
        "x" * 65: -8.5,
        "kunde": -9.0,
    }
    with gzip.open(data, "wt", encoding="utf-8") as f:
        json.dump(probs, f)
    assert frequent("de", 6, data) == ["und", "z.b.", "n't", "n’t", "betreuen", "kunde"]
    assert frequent("en", 2, data) == ["und", "kunden-service"]  # English keeps hyphenated forms whole


def test_a_warm_cache_needs_neither_the_lexicon_nor_hanta(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JDLINT_CACHE_DIR", str(tmp_path))
    words = "Wir suchen eine freundliche Kollegin für unseren Kundenservice , 2027 !".split()
    first = Morphology("de")
    first.prefetch(words)
    expected = [first.analyze(w) for w in words]
    first.save()
    later = Morphology("de")
    later.prefetch(words)
    assert [later.analyze(w) for w in words] == expected
    assert later.lexicon._conns.get() is None and later._tagger is None


def test_the_build_command(tmp_path: Path) -> None:
    """`python -m jdlint.models.build_lexicon` over a table of word probabilities laid out as
    spacy-lookups-data lays it out."""
    source = tmp_path / "site" / "spacy_lookups_data"
    (source / "data").mkdir(parents=True)
    (source / "__init__.py").write_text("")
    with gzip.open(source / "data" / "de_lexeme_prob.json.gz", "wt", encoding="utf-8") as f:
        json.dump({"und": -3.0, "Kunde": -5.0, "betreuen": -6.0, "2024": -4.0}, f)
    command = [sys.executable, "-m", "jdlint.models.build_lexicon", "de", "--out", str(tmp_path), "--size", "2"]
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{tmp_path / 'lexicon-de.sqlite'}: 2 rows"  # und, kunde (which "Kunde" reads)
    assert set(Lexicon("de", tmp_path / "lexicon-de.sqlite").get_many(["und", "Kunde", "betreuen"])) == {"und", "Kunde"}
    unknown = subprocess.run([*command[:3], "fr"], capture_output=True, text=True, check=False)
    assert unknown.returncode == 2 and "unknown language: fr" in unknown.stderr
    if importlib.util.find_spec("spacy_lookups_data") is None:
        missing = subprocess.run(command[:4], capture_output=True, text=True, check=False)
        assert missing.returncode == 1 and "pip install 'spacy-lookups-data==" in missing.stderr


def test_every_thread_reads_the_lexicon_and_the_cache(tmp_path: Path, monkeypatch) -> None:
    """The web page lints in several threads; a connection may not cross one, so each opens its own."""
    monkeypatch.setenv("JDLINT_CACHE_DIR", str(tmp_path))
    m = Morphology("de")
    m.prefetch(["Kunde"])
    m.analyze("Kunde")
    m.save()
    found: list[tuple[bool, bool]] = []

    def lookups() -> None:
        found.append((bool(m.lexicon.get_many(["und"])), bool(m.store.get_many(["Kunde"]))))

    for _ in range(2):
        thread = threading.Thread(target=lookups)
        thread.start()
        thread.join()
    lookups()
    assert found == [(True, True)] * 3


def test_a_form_whose_capital_cannot_be_checked_has_no_row(tmp_path: Path) -> None:
    """ "ẞ" (capital sharp s) lowers to "ß", but "ß" capitalises to "SS": "ẞe" would read the row
    of "ße" unchecked, so neither form is in the table."""
    file = tmp_path / "lexicon.sqlite"
    build("de", ["ße", "kunde"], file)
    assert set(Lexicon("de", file).get_many(["ße", "ẞe", "Kunde"])) == {"Kunde"}
