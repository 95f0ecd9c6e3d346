"""The inclusion and law profile (JD6): what the rules' own examples cannot express —
document-level counts in messages, severities by jurisdiction, options from the
configuration, and no double report of missing pay with missing-benefit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jdlint.catalog import catalogue, select
from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.fixes import fix_text
from jdlint.model import Finding
from jdlint.source import Source

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "posting.md"

NO_PAY_EN = "# Support agent\n\n## What you will do\n\n- Answer calls\n\n## What we offer\n\n- 28 days of holiday\n"
PAY_HISTORY_EN = (
    "# Support agent\n\n## What we offer\n\n- £25,000 to £28,000 a year\n\n"
    "## How to apply\n\nSend your CV and your salary history.\n"
)

FAIR_DE = """# Kundenberater (m/w/d) im Kundenservice

## Über uns
Wir sind ein Energieversorger mit 300 Mitarbeitenden in Kassel und versorgen die Region mit Strom und Wärme.

## Deine Aufgaben
- Du nimmst Anrufe an und beantwortest Fragen zu Rechnungen und Verträgen
- Du bearbeitest Reklamationen nach unserem Leitfaden und gibst schwierige Fälle an die Fachabteilung weiter
- Du dokumentierst jeden Kontakt im CRM

## Dein Profil
- Eine abgeschlossene kaufmännische Ausbildung oder Erfahrung im Kundenservice
- Sehr gute Deutschkenntnisse (C1) und sicherer Umgang mit MS Office
- Du bleibst freundlich und geduldig, auch wenn ein Kunde verärgert ist

## Wir bieten
- 3.000 bis 3.400 € brutto im Monat
- 30 Tage Urlaub und Gleitzeit
- Weiterbildungen und einen Weg zur Teamleitung
- Obst und Getränke im Büro

## Bewerbung
Schick uns deinen Lebenslauf und deine Gehaltsvorstellung.
"""


def lint(text: str, *rules: str, lang: str = "en", **config: object) -> list[Finding]:
    cfg = Config(language=lang, select=rules or ("JD6",), **config)  # type: ignore[arg-type]
    return lint_source(Source("<test>", text), cfg).findings


def test_profile_selects_the_eight_rules_by_code_prefix() -> None:
    chosen = select(catalogue(), ["JD6"], [])
    assert sorted(r.name for r in chosen) == [
        "age-bias",
        "exclusive-wording",
        "gender-coded",
        "gendered-pronoun",
        "gendered-title",
        "hollow-perks",
        "missing-pay-range",
        "native-speaker",
    ]
    for r in chosen:
        assert r.advice.startswith("B"), r.name
        assert r.sources and r.rationale, r.name
        assert set(r.message) >= {"en", "de"} and (not r.fix or set(r.fix) >= {"en", "de"}), r.name


def test_fair_postings_stay_quiet_in_both_languages() -> None:
    assert lint(EXAMPLE.read_text(encoding="utf-8")) == []
    assert lint(FAIR_DE, lang="de") == []


def test_balance_warning_names_both_counts() -> None:
    text = (
        "# Agent\n\n## What you bring\n\n- You are competitive, assertive, ambitious, decisive and dominant.\n"
        "- You support the team.\n"
    )
    found = lint(text, "gender-coded", rules={"gender-coded": {"hints": []}})
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert "5 masculine-coded against 1 feminine-coded" in found[0].message
    assert "competitive" in found[0].message
    # difference 4 is below a configured threshold of 5
    assert lint(text, "gender-coded", rules={"gender-coded": {"hints": [], "min-difference": 5}}) == []


def test_balance_counts_a_german_posting() -> None:
    text = "# Berater (m/w/d)\n\n## Dein Profil\n\n- Du bist durchsetzungsstark, ehrgeizig und zielstrebig.\n"
    found = lint(text, "gender-coded", lang="de")
    hints = [f for f in found if f.severity == "hint"]
    assert [text[f.start : f.end] for f in hints] == ["durchsetzungsstark", "ehrgeizig", "zielstrebig"]
    (balance,) = [f for f in found if f.severity == "warning"]
    assert "3 agentische gegen 0 kommunale" in balance.message


def test_coded_words_are_hints_with_neutral_wording_and_traps_do_not_count() -> None:
    text = "# Agent\n\n## What you bring\n\n- You are competitive.\n- Competence in Excel, a seat on the committee.\n"
    found = lint(text, "gender-coded")
    assert [(text[f.start : f.end], f.severity) for f in found] == [("competitive", "hint")]
    assert "masculine-coded" in found[0].message and "motivated" in found[0].message


def test_gender_coded_words_can_be_added_from_config() -> None:
    text = "# Agent\n\n## What you bring\n\n- You are a gladiator.\n"
    assert lint(text, "gender-coded") == []
    found = lint(text, "gender-coded", rules={"gender-coded": {"add": {"masculine": {"en": ["gladiator"]}}}})
    assert [text[f.start : f.end] for f in found] == ["gladiator"]


@pytest.mark.parametrize(
    ("jurisdiction", "severity"),
    [(None, "warning"), ("us", "warning"), ("other", "warning"), ("eu", "error"), ("de", "error"), ("us-ny", "error")],
)
def test_missing_pay_severity_follows_jurisdiction(jurisdiction: str | None, severity: str) -> None:
    found = lint(NO_PAY_EN, "missing-pay-range", jurisdiction=jurisdiction)
    assert [(f.severity, f.concept) for f in found] == [(severity, "salary")]


def test_vague_pay_is_reported_on_its_words_and_severity_can_be_overridden() -> None:
    text = "# Agent\n\n## What we offer\n\n- A competitive salary\n"
    (f,) = lint(text, "missing-pay-range", jurisdiction="us-ca")
    assert text[f.start : f.end] == "competitive salary" and f.severity == "error"
    (f,) = lint(text, "missing-pay-range", jurisdiction="us-ca", rules={"missing-pay-range": {"severity": "info"}})
    assert f.severity == "info"


def test_several_vague_phrases_are_one_missing_range_reported_on_the_offers() -> None:
    text = (
        "# Agent\n\nJoin our support team in Leeds.\n\n"
        "## What you will do\n\n- Answer calls, for a competitive salary\n\n"
        "## What we offer\n\n- Competitive compensation\n- Paid training\n"
    )
    (f,) = lint(text, "missing-pay-range")
    assert (text[f.start : f.end], f.concept) == ("Competitive compensation", "vague-pay")
    assert "'Competitive compensation' names no figure" in f.message
    # no vague phrase in the offer: the first one (here in the duties)
    (f,) = lint(text.replace("- Competitive compensation\n", ""), "missing-pay-range")
    assert text[f.start : f.end] == "competitive salary"
    # a stated range answers them all
    assert lint(text.replace("- Paid training", "- $52,000 to $58,000 a year"), "missing-pay-range") == []


def test_a_pay_system_ceiling_or_an_experience_grade_is_no_figure_for_this_job() -> None:
    ceiling = "# Analyst\n\n## Salary\n\nThe maximum salary available for the GS pay system is $183,500.\n"
    (f,) = lint(ceiling, "missing-pay-range")
    assert f.concept == "vague-pay" and "no figure for this job" in f.message
    grade = "# Analyst\n\n## Qualifications\n\nOne year of experience equivalent to the GS-14.\n"
    assert [f.concept for f in lint(grade, "missing-pay-range")] == ["salary"]
    assert lint(grade.replace("experience equivalent to the GS-14", "pay at GS-14"), "missing-pay-range") == []


def test_pay_history_is_an_error_where_it_is_banned() -> None:
    (f,) = lint(PAY_HISTORY_EN, "missing-pay-range", jurisdiction="us-co")
    assert (PAY_HISTORY_EN[f.start : f.end], f.severity, f.concept) == ("salary history", "error", "pay-history")
    (f,) = lint(PAY_HISTORY_EN, "missing-pay-range", jurisdiction="us")
    assert f.severity == "warning"


def test_missing_pay_is_reported_once_with_missing_benefit() -> None:
    text = NO_PAY_EN + "- Paid training\n"
    everything = lint(text, "ALL")
    salary = [f for f in everything if f.concept == "salary"]
    assert [f.name for f in salary] == ["missing-pay-range"]
    if not any(r.name == "missing-benefit" for r in catalogue()):
        pytest.skip("missing-benefit is not in the catalogue")
    alone = lint(text, "missing-benefit")
    assert any("salary" in (f.concept or "").split(",") for f in alone), "missing-benefit reports salary alone"


def test_gender_marker_comes_from_config() -> None:
    text = "# Kundenberater\n\nDu beantwortest Anrufe.\n"
    cfg = Config(language="de", select=("gendered-title",), gender_marker="(w/m/d)")
    fixed, _, _ = fix_text(text, lambda t: lint_source(Source("<test>", t), cfg))
    assert fixed.startswith("# Kundenberater (w/m/d)\n")


def test_title_marker_only_for_german_postings() -> None:
    text = "# Customer Service Advisor\n\nYou answer calls.\n"
    assert lint(text, "gendered-title") == []
    assert [f.name for f in lint(text, "gendered-title", lang="de")] == ["gendered-title"]


def test_perks_next_to_real_benefits_are_fine_but_alone_are_hollow() -> None:
    hollow = "# Agent\n\n## What we offer\n\n- Table football\n- Free beer on Fridays\n"
    found = lint(hollow, "hollow-perks")
    assert [hollow[f.start : f.end] for f in found] == ["Table football"]  # one finding, on the first
    assert "Free beer" in found[0].message and found[0].fix is not None
    assert lint(hollow + "- 30 days of holiday\n", "hollow-perks") == []


def test_every_jd6_fix_is_stable() -> None:
    """Applying the safe fixes twice changes nothing the second time."""
    text = "# Kundenberater (m/w)\n\nDu arbeitest in einem jungen Team.\n"
    cfg = Config(language="de", select=("JD6",))
    once, _, _ = fix_text(text, lambda t: lint_source(Source("<test>", t), cfg))
    twice, _, _ = fix_text(once, lambda t: lint_source(Source("<test>", t), cfg))
    assert once == twice == "# Kundenberater (m/w/d)\n\nDu arbeitest in einem Team.\n"
    assert not re.search(r"\(m/w\)", once)
