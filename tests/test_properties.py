"""Properties over generated postings: linting never raises, findings point into the text,
and fixing is idempotent, complete and touches nothing outside its edits."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jdlint
from jdlint.catalog import catalogue
from jdlint.fixes import apply, fix_text, wanted
from jdlint.kinds.lexicon import _phrases
from jdlint.model import Result
from jdlint.reporters import REPORTERS
from jdlint.source import Source, decode, encode

CI = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_FILLER = next(r for r in catalogue() if r.name == "filler-word").data["terms"]
FILLER_PHRASES = sorted({m for lang in ("en", "de") for e in _FILLER.get(lang, []) for m in _phrases(e)})
WORDS = [
    "you", "answer", "calls", "and", "emails", "from", "customers", "help", "them", "with", "orders", "we", "offer",
    "a", "friendly", "team", "Sie", "beraten", "Kunden", "am", "Telefon", "und", "per", "E-Mail", "wir", "bieten",
    "ein", "gutes", "Gehalt", "Urlaub", "THE", "Ü", "ß", "café", "naïve", "🙂", "👩\u200d💻", "\u200b", "\u00a0",
    "–", "—", "…", "„quoted“", "(m/w/d)", "40h", "45.000€",
]  # fmt: skip
HEADINGS = [
    "Your tasks", "What you do", "Requirements", "What we offer", "Benefits", "About us", "How to apply",
    "Ihre Aufgaben", "Ihr Profil", "Wir bieten", "Über uns", "Bewerbung", "Kontakt",
]  # fmt: skip
MARKUP = [
    "**", "_", "`", "[", "](http://x.y)", "<b>", "</b>", "<!-- jdlint-disable filler-word -->",
    "<!-- jdlint-enable -->", "<!-- jdlint-disable-next-line JD301 -->", "&amp;", "\\", "#", ">", "|",
]  # fmt: skip

word = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(FILLER_PHRASES),
    st.sampled_from(MARKUP),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n\x00"), min_size=1, max_size=6),
)
sentence = st.lists(word, min_size=1, max_size=14).map(" ".join)
heading = st.tuples(st.integers(1, 3), st.sampled_from(HEADINGS)).map(lambda t: "#" * t[0] + " " + t[1])
item = st.tuples(st.sampled_from(["- ", "* ", "1. ", "  - ", "• ", ""]), sentence).map("".join)
block = st.one_of(heading, sentence, st.lists(item, min_size=1, max_size=5).map("\n".join))


@st.composite
def postings(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A posting as (text, newline, bom): a title, then blocks separated by blank lines,
    all lines ended by one newline style, as an editor saves them."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    blocks = [draw(heading), *draw(st.lists(block, max_size=10))]
    text = "\n\n".join(blocks) + draw(st.sampled_from(["", "\n"]))
    return text.replace("\n", newline), newline, draw(st.booleans())


def lint(text: str) -> Result:
    return jdlint.lint_text(text)


def newline_kinds(text: str) -> dict[str, int]:
    crlf = text.count("\r\n")
    return {"crlf": crlf, "cr": text.count("\r") - crlf, "lf": text.count("\n") - crlf}


@CI
@given(postings())
def test_lint_never_raises_and_spans_match(posting: tuple[str, str, bool]) -> None:
    text, _, _ = posting
    result = lint(text)
    (report,) = json.loads(REPORTERS["json"]([result]))
    assert len(report["findings"]) == len(result.findings)
    for f in report["findings"]:
        assert 0 <= f["start"] <= f["end"] <= len(text)
        assert f["text"] == text[f["start"] : f["end"]]
        if f["fix"]:
            for e in f["fix"]["edits"]:
                assert 0 <= e["start"] <= e["end"] <= len(text)


def _outside_edits_pattern(text: str, fixes: list[jdlint.Fix]) -> re.Pattern[str]:
    """The text outside every offered edit, in order, with anything allowed between: a fix
    may change what lies under its edits and nothing else."""
    spans = sorted((e.start, e.end) for f in fixes for e in f.edits)
    parts, pos = [], 0
    for start, end in spans:
        if start >= pos:
            parts.append(re.escape(text[pos:start]))
        pos = max(pos, end)
    parts.append(re.escape(text[pos:]))
    return re.compile(".*?".join(parts), re.S)


@CI
@given(postings())
def test_fix_is_complete_idempotent_and_local(posting: tuple[str, str, bool]) -> None:
    text, _, bom = posting
    first = lint(text)
    fixes = wanted(first.findings)
    once, _ = apply(text, fixes)
    assert _outside_edits_pattern(text, fixes).fullmatch(once), "a fix changed text outside its edits"

    fixed, _, _ = fix_text(text, lint)
    assert wanted(lint(fixed).findings) == [], "safe fixes left after --fix"
    assert fix_text(fixed, lint)[0] == fixed, "fixing twice differs from fixing once"

    # Line endings and BOM survive the write: no newline style appears that was not there,
    # safe fixes add no lines, and the bytes decode back to the fixed text with the BOM.
    before, after = newline_kinds(text), newline_kinds(fixed)
    assert all(after[k] <= before[k] for k in before), (before, after)
    source = Source("p.md", text, "utf-8", bom)
    data = encode(source, fixed)
    assert data.startswith(b"\xef\xbb\xbf") == bom
    back = decode(data, "p.md")
    assert back.text == fixed and back.bom == bom


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_lint_or_give_an_input_error(data: bytes) -> None:
    try:
        result = jdlint.lint_bytes(data, "p.md")
    except jdlint.api.InputError as exc:
        assert str(exc).startswith("p.md")
    else:
        assert all(0 <= f.start <= f.end <= len(result.text) for f in result.findings)
