"""Concept matching: a term's words in one sentence or list item, as lemmas, compound parts,
prefixes or phrases; the indexed search finds what a scan of every unit finds."""

from __future__ import annotations

import pytest

from jdlint.concepts import find
from jdlint.config import Config
from jdlint.engine import prepare
from jdlint.source import Source

DE = """# Kundenberater (m/w/d)

## Deine Aufgaben

- Du nimmst Anrufe unserer Kunden an und bearbeitest Kundenreklamationen.
- Du pflegst das Ticketsystem.

## Was wir bieten

- Flexible Arbeitszeiten und 30 Tage Urlaub.
"""
EN = """# Customer Service Advisor

## What you will do

- Calls are answered within a minute, in order to help customers quickly.
- You troubleshoot billing issues.

## What we offer

- A pension plan and paid time off.
"""
# The traps: a group named nowhere (first or last), both groups named but in different units,
# a phrase with a word named nowhere.
TERMS = {
    "de": [
        *("annehmen + anruf", "reklamation", "ticket*", "urlaub", "homeoffice", "flexibel arbeitszeit*"),
        *("homeoffice + urlaub", "urlaub + homeoffice", "urlaub + ticket*", "flexibel homeoffice"),
    ],
    "en": [
        *("answer + call", "troubleshoot*", "pay time off", "order", "pension", "home office"),
        *("office + pension", "pension + office", "pension + call", "pension plan", "paid pension"),
    ],
}
FOUND = {
    "de": {"annehmen + anruf", "reklamation", "ticket*", "urlaub", "flexibel arbeitszeit*"},
    "en": {"answer + call", "troubleshoot*", "pay time off", "pension", "pension plan"},
}


@pytest.mark.parametrize(("lang", "text"), [("de", DE), ("en", EN)])
def test_the_indexed_search_finds_what_a_scan_finds(lang: str, text: str) -> None:
    ctx = prepare(Source("t.md", text), Config())
    units = ctx.units
    for term in TERMS[lang]:
        scanned = list(find([term], units))
        assert list(find([term], units, units)) == scanned, term
        assert bool(scanned) == (term in FOUND[lang]), term
    benefits = [u for u in units if u.section == "benefits"]
    assert {id(u) for u in find(TERMS[lang], benefits, units)} == {id(u) for u in find(TERMS[lang], benefits)}


def test_the_search_stops_at_the_first_unit_a_caller_takes() -> None:
    ctx = prepare(Source("t.md", DE), Config())
    units = ctx.units
    hits = find(["urlaub", "reklamation"], units, units)
    assert "urlaub" in next(hits).lemmas
    assert "reklamation" not in units._terms  # the second term was never looked up


def test_a_term_is_looked_up_no_further_than_its_first_group_named_nowhere() -> None:
    ctx = prepare(Source("t.md", DE), Config())
    units = ctx.units
    assert not list(find(["homeoffice + urlaub"], units, units))
    assert ("urlaub",) not in {alt.words for alt in units._alts}  # the second group was never looked up
    assert list(find(["urlaub"], units, units))
