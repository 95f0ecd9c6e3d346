"""Messages, examples and fixes as an editor would write them: the posting's currency, voice
and world; German names in the case their preposition needs; safe fixes that keep sentences
whole; unsafe fixes that insert [[placeholders]] jdlint reports, where a reader expects them."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from jdlint.catalog import catalogue
from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.fixes import fix_text
from jdlint.grammar import Noun, register
from jdlint.model import Finding
from jdlint.roles import models
from jdlint.source import Source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def lint(text: str, *rules: str, lang: str = "en", **config: object) -> list[Finding]:
    cfg = Config(language=lang, select=rules, preview=True, **config)  # type: ignore[arg-type]
    return lint_source(Source("<test>", text), cfg).findings


def fixed(text: str, *rules: str, lang: str = "en", unsafe: bool = True) -> str:
    cfg = Config(language=lang, select=rules, preview=True)
    return fix_text(text, lambda t: lint_source(Source("<test>", t), cfg), unsafe=unsafe)[0]


@pytest.mark.parametrize(
    ("genus", "zu", "dat"),
    [("n", "zum Angebot", "dem Angebot"), ("f", "zur Angebot", "der Angebot"), ("pl", "zu den Angebot", "den Angebot")],
)
def test_a_german_noun_takes_the_case_its_preposition_needs(genus: str, zu: str, dat: str) -> None:
    noun = Noun("Angebot", genus)
    assert (f"{noun:zu}", f"{noun:dat}", f"{noun}") == (zu, dat, "Angebot")


def test_no_german_template_puts_a_bare_name_after_a_preposition() -> None:
    """Every German text of every rule: a name after a preposition is placed with its case."""
    bare = re.compile(r"\b(?:zu|mit|von|bei|aus|nach|für|über|in)\s+\{(?:section|concept|concept_name)\}")

    def texts(x: object) -> list[str]:
        if isinstance(x, dict):
            return [
                t for k, v in x.items() for t in ([v] if str(k).startswith("de") and isinstance(v, str) else texts(v))
            ]
        return [t for v in x for t in texts(v)] if isinstance(x, list) else []

    for rule in catalogue(()):
        for t in texts({"message": rule.message, "fix": rule.fix, "data": rule.data}):
            assert not bare.search(t), f"{rule.name}: {t}"


def test_every_section_name_renders_in_both_messages_with_its_article() -> None:
    rule = {r.name: r for r in catalogue(())}["missing-section"]
    for section, names in rule.data["names"].items():
        noun = Noun(names["de"]["text"], names["de"]["genus"])
        message = rule.text(rule.message, "de", section=noun)
        fix = rule.text(rule.fix, "de", section=noun)
        expected = {"m": "zum", "n": "zum", "f": "zur", "pl": "zu den"}[noun.genus]
        assert f"Abschnitt {expected} {noun.text}" in message and f"Abschnitt {expected} {noun.text}" in fix, section


def test_register_is_read_from_the_posting() -> None:
    assert register("Du beantwortest Anrufe. Wir freuen uns auf dich.", "de") == "du"
    assert register("Sie beantworten Anrufe. Wir freuen uns auf Ihre Bewerbung.", "de") == "sie"
    assert register("Anrufe beantworten. Reklamationen bearbeiten.", "de") == "neutral"
    assert register("The analyst reviews reports.", "en") == "third"


SIE = "# Kundenberater (m/w/d)\n\n## Ihre Aufgaben\n- Sie beantworten Anrufe\n\n## Was wir bieten\n- 30 Tage Urlaub\n"


def test_an_inserted_section_speaks_as_the_posting_does() -> None:
    out = fixed(SIE, "missing-section", lang="de")
    assert "Das bringen Sie mit\n\n- [[" in out and "Was Sie auszeichnet" in out
    assert "du " not in out.lower().replace("durch", "")
    du = fixed(SIE.replace("Ihre", "Deine").replace("Sie beantworten", "Du beantwortest"), "missing-section", lang="de")
    assert "Das bringst du mit" in du


def test_a_new_section_goes_before_the_closing_words() -> None:
    text = (
        "# Support agent\n\n## What you will do\n- Answer calls\n\n## What you bring\n- Clear English\n\n"
        "We look forward to hearing from you.\n"
    )
    out = fixed(text, "missing-pay-range")
    assert out.index("## What we offer\n\n- [[Salary: … to … a year]]") < out.index("We look forward")


def test_pay_example_uses_the_posting_currency_and_the_month_for_students() -> None:
    us = "# Support agent\n\n## What we offer\n- A $500 home office budget\n- 20 days of leave\n"
    assert "($… to $… a year)" in lint(us, "missing-pay-range")[0].message
    assert "[[Salary: $… to $… a year]]" in fixed(us, "missing-pay-range")
    student = "# Werkstudent Marketing (m/w/d)\n\n## Wir bieten\n- Flexible Arbeitszeiten\n"
    assert "(… bis … € brutto im Monat)" in lint(student, "missing-pay-range", lang="de")[0].message


def test_bullets_for_a_missing_list_go_into_one_new_section() -> None:
    text = "# Analyst\n\n## What you will do\n- Analyse data\n\n## What you bring\n- SQL\n"
    out = fixed(text, "missing-benefit")
    assert out.count("## What we offer") == 1 and out.count("- [[") >= 2


def test_a_gender_marker_beside_the_title_in_the_body_counts() -> None:
    text = "# Data Scientist\n\nWir suchen eine:n **Data Scientist (w/m/x/-)** in Hamburg.\n"
    assert lint(text, "gendered-title", lang="de") == []
    assert lint("# Data Scientist\n\nWir suchen Verstärkung in Hamburg.\n", "gendered-title", lang="de")


def test_a_placeholder_is_reported_until_filled_and_not_inserted_twice() -> None:
    text = "# Support agent\n\n## What we offer\n- 28 days of holiday\n"
    out = fixed(text, "missing-pay-range", "template-text")
    assert out.count("[[Salary:") == 1
    names = [f.name for f in lint(out, "missing-pay-range", "template-text")]
    assert names == ["template-text"]


def test_benefit_examples_come_from_the_role_family() -> None:
    generic, agent = models()["generic"], models()["customer-service-agent"]
    career = {c.id: c for c in generic.group("benefits")}["career"]
    assert "team lead" not in career.suggest["en"]
    assert "team lead" in {c.id: c for c in agent.group("benefits")}["career"].suggest["en"]
    assert {c.id: c for c in agent.group("benefits")}["career"].match == career.match  # refined, not replaced


def test_a_replacement_keeps_the_number_of_what_it_replaces() -> None:
    out = fixed("# Support agent\n\nWe hire native Spanish speakers and a native English speaker.\n", "native-speaker")
    assert "hire C1-level Spanish speakers and a C1-level English speaker." in out
    modifier = fixed("# Support agent\n\n- Native English speaking (read / write) ability\n", "native-speaker")
    assert "- C1-level English speaking (read / write) ability" in modifier


def test_deleting_the_word_before_a_german_verb_is_not_a_safe_fix() -> None:
    text = "# Kundenberater (m/w/d)\n\n- Eigentlich setzen wir auf Teamarbeit.\n"
    assert fixed(text, "filler-word", lang="de", unsafe=False) == text
    en = fixed("# Support agent\n\n- Basically, you answer calls.\n", "filler-word", unsafe=False)
    assert "- You answer calls." in en


def test_examples_and_fixes_over_the_corpus() -> None:
    """Over every corpus posting (preview on): no example from another role family, no German
    section name in the wrong case, safe fixes that leave no sentence in lower case and cause
    no new finding, unsafe insertions that are only headings and placeholders jdlint reports."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    spec = importlib.util.spec_from_file_location("eval_messages", ROOT / "eval" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_messages"] = module
    spec.loader.exec_module(module)
    figures, problems = module.summary(module.run(CORPUS))
    assert problems == [], "\n".join(problems[:20])
    assert "unsafe insertions: 0" not in "\n".join(figures)


@pytest.mark.parametrize("rule", catalogue(()), ids=lambda r: r.name)
def test_every_rule_shows_an_exact_message_and_fix_in_both_languages(rule: object) -> None:
    """The docs and `jdlint explain` show, per language, what the rule says and what its fix
    writes; tests/test_rule_examples.py holds them true."""
    for lang in ("en", "de"):
        ex = rule.examples.get(lang) or {}  # type: ignore[attr-defined]
        assert any(isinstance(i, dict) and i.get("message") for i in ex.get("fires") or []), (lang, "message")
        if rule.fix:  # type: ignore[attr-defined]
            assert any(isinstance(i, dict) and "after" in i for i in ex.get("fixes") or []), (lang, "fix")


@pytest.mark.parametrize(("first", "starts"), [("du", "Du "), ("infinitive", "")])
def test_new_list_items_follow_the_list_and_a_tie_goes_to_its_first_item(first: str, starts: str) -> None:
    """Half "Du …" items, half infinitives: the first item decides, the same in every process
    (the choice once hung on the order of a set, which changes from run to run)."""
    items = ["- Du beantwortest Anrufe und E-Mails", "- Kundenanfragen im Ticketsystem dokumentieren"]
    if first != "du":
        items.reverse()
    text = "# Kundenberater (m/w/d) im Kundenservice\n\n## Deine Aufgaben\n\n" + "\n".join(items) + "\n"
    (finding,) = lint(text, "missing-duty", lang="de")
    assert finding.fix is not None
    added = re.findall(r"\[\[(.*?)\]\]", finding.fix.edits[0].new_text)
    assert added
    assert all(a.startswith("Du ") for a in added) == bool(starts)
    assert all(not a.startswith("Du ") for a in added) == (not starts)
