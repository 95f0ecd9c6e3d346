"""Every real posting of the shared corpus lints without an error, in both languages."""

from __future__ import annotations

from jdlint.api import lint_paths


def test_whole_corpus_lints(corpus):
    results = lint_paths([corpus / "en", corpus / "de"])
    assert len(results) > 700
    errors = [r.error for r in results if r.error]
    assert not errors, errors[:5]
    for r in results:
        for f in r.findings:
            assert 0 <= f.start <= f.end <= len(r.text)


def test_language_detection_matches_the_manifest(corpus):
    rows = [line.split("\t") for line in (corpus / "MANIFEST.tsv").read_text().splitlines()[1:]]
    from jdlint.nlp import detect_language
    from jdlint.posting import parse
    from jdlint.source import read_source

    wrong = [f for f, lang, *_ in rows if detect_language(parse(read_source(corpus / f)).masked) != lang]
    assert wrong == []
