"""The blatant cases: unfinished postings (JD7), explicit age limits, pronouns for the hire and
titles judged on their own words. What the rules' own examples cannot express: severities by
jurisdiction, long repeats, fixes at the end of a file, one finding per template section, and
every hit over the corpus matched to a verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.evaluate import judgement_key
from jdlint.fixes import fix_text
from jdlint.model import Finding
from jdlint.source import Source
from jdlint.yamlio import load_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BLATANT = ROOT / "eval" / "blatant.yaml"


def lint(text: str, *rules: str, lang: str = "en", **config: object) -> list[Finding]:
    cfg = Config(language=lang, select=rules, **config)  # type: ignore[arg-type]
    return lint_source(Source("<test>", text), cfg).findings


def test_unfinished_rules_are_errors_in_their_own_concern() -> None:
    found = lint("# Analyst\n\n[Company name] is hiring. Apply by .\n", "JD7")
    assert {(f.name, f.severity) for f in found} == {("template-text", "error"), ("missing-value", "error")}


@pytest.mark.parametrize(
    ("jurisdiction", "severity"), [(None, "warning"), ("de", "error"), ("eu", "error"), ("us", "warning")]
)
def test_an_age_written_out_is_an_error_where_the_law_forbids_it(jurisdiction: str | None, severity: str) -> None:
    found = lint("# Analyst\n\nApplicants must be aged 21 to 30.\n", "age-bias", jurisdiction=jurisdiction)
    assert [(f.severity, "aged 21 to 30" in f.message) for f in found] == [(severity, True)]


def test_an_experience_cap_is_a_hint_and_a_band_is_not_reported() -> None:
    cap = lint("# Kundenberater (m/w/d)\n\nDu hast max. 5 Jahre Berufserfahrung.\n", "age-bias", lang="de")
    assert [f.severity for f in cap] == ["hint"]
    assert lint("# Kundenberater (m/w/d)\n\nDu hast 4–6 Jahre Berufserfahrung.\n", "age-bias", lang="de") == []


def test_pronoun_span_and_fix_cover_both_forms() -> None:
    text = "# Analyst\n\nThe incumbent leverages his/her experience.\n"
    [f] = lint(text, "gendered-pronoun")
    assert text[f.start : f.end] == "his/her"
    fixed, _, _ = fix_text(text, lambda t: lint_source(Source("<t>", t), Config(select=("gendered-pronoun",))))
    assert fixed == "# Analyst\n\nThe incumbent leverages their experience.\n"


def test_paired_subject_fix_puts_the_verb_in_the_plural() -> None:
    text = "# Analyst\n\nHe/she is the first contact and he or she has a budget.\n"
    fixed, _, _ = fix_text(text, lambda t: lint_source(Source("<t>", t), Config(select=("gendered-pronoun",))))
    assert fixed == "# Analyst\n\nThey are the first contact and they have a budget.\n"


def test_a_lone_pronoun_is_reported_on_the_pronoun_alone() -> None:
    text = "# Support agent\n\nThe candidate answers calls. He'll also update the CRM and his notes.\n"
    found = lint(text, "gendered-pronoun")
    assert [text[f.start : f.end] for f in found] == ["He", "his"]
    assert all(f.fix is None for f in found)


def test_a_pronoun_for_a_named_colleague_or_a_thing_is_not_reported() -> None:
    en = "# Support agent\n\nThe candidate reports to Natalie, our lead. She walks you through your first weeks.\n"
    de = "# Kundenberater (m/w/d)\n\nDer Bewerber zieht in unseren Campus, der für seine Bauweise bekannt ist.\n"
    assert lint(en, "gendered-pronoun") == []
    assert lint(de, "gendered-pronoun", lang="de") == []


def test_title_is_judged_on_its_own_words() -> None:
    found = lint("# Verkäufer\n\nWir sind ein Team von 12 Kolleg*innen.\n", "gendered-title", lang="de")
    assert [f.name for f in found] == ["gendered-title"]
    assert lint("# Verkäufer\n\n(w/m/x/-) in Vollzeit\n", "gendered-title", lang="de") == []


def test_a_template_section_left_as_it_was_is_one_finding() -> None:
    text = (
        "# Analyst\n\n## Key objectives\n\n### 1. TBD\n\n- xxx\n- xxx\n\n"
        "### 2. TBD\n\n- xxx\n- xxx\n\n## Apply\n\nSend your CV.\n"
    )
    [f] = lint(text, "template-text")
    assert text[f.start : f.end].startswith("TBD") and text[f.start : f.end].endswith("xxx")
    assert f.message.startswith("'TBD' marks a fact not yet filled in")


def test_an_empty_template_section_is_one_finding() -> None:
    text = (
        "# Analyst\n\n## Key objectives\n\n### Objective 1\n\n-\n-\n\n"
        "### Objective 2\n\n-\n-\n\n## Apply\n\nSend your CV.\n"
    )
    [f] = lint(text, "empty-section")
    assert f.message == "The list has items with no text: write them or remove them"
    assert text[f.start : f.end].startswith("-") and text[f.start : f.end].endswith("### Objective 2\n\n-\n-")


BODY = " ".join(f"Sentence {i} says what the analyst does on day {i} of the project plan." for i in range(24))


def test_a_long_repeat_anywhere_is_reported_without_a_fix() -> None:
    text = f"# Analyst\n\n## Role summary\n\n{BODY}\n\n## Pay\n\n$52,000 a year.\n\n## Role summary\n\n{BODY}\n"
    [f] = lint(text, "repeated-text")
    assert f.severity == "error" and "line 3" in f.message
    assert f.fix is None  # the framing of a far copy may differ: deleting it is the writer's call


def test_a_repeat_pasted_at_the_end_is_deleted_with_its_blank_lines() -> None:
    para = "We are a public agency that helps cities plan safer streets and parks."
    text = f"# Analyst\n\n## About us\n\n{para}\n\n{para}\n"
    fixed, _, _ = fix_text(text, lambda t: lint_source(Source("<t>", t), Config(select=("repeated-text",))))
    assert fixed == f"# Analyst\n\n## About us\n\n{para}\n"


def test_a_short_repeat_for_another_role_is_deliberate() -> None:
    shared = "- We offer flexible hours, a training budget and 30 days of holiday a year\n"
    text = (
        f"# Two roles\n\n## Analyst\n\nYou analyse data.\n\n{shared}\n## Developer\n\nYou build services.\n\n{shared}"
    )
    assert lint(text, "repeated-text") == []


def test_links_without_text_target_or_with_a_placeholder_address() -> None:
    text = "# Analyst\n\nApply [here]() or at [](https://jobs.city.gov/1) or [online](https://example.com/apply).\n"
    found = lint(text, "broken-link")
    assert [text[f.start : f.end] for f in found] == [
        "[here]()",
        "[](https://jobs.city.gov/1)",
        "[online](https://example.com/apply)",
    ]


@pytest.fixture(scope="module")
def judged() -> dict[tuple[str, str, str, str], str]:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}: the corpus checks need it")
    data = load_file(BLATANT)
    return {
        judgement_key(p["file"], f["rule"], f.get("concept"), f["text"]): f["verdict"]
        for p in data["postings"]
        for f in p["findings"]
    }


def test_every_corpus_hit_of_the_blatant_rules_is_judged_and_none_is_wrong(
    judged: dict[tuple[str, str, str, str], str],
) -> None:
    """Placeholders and explicit discrimination are rare in a real ad and always worth an error:
    every hit over the corpus must be one the panel judged, and none judged wrong."""
    rules = tuple(load_file(BLATANT)["select"])
    cfg = Config(select=rules, preview=True)
    seen = set()
    for path in sorted(CORPUS.glob("*/*.md")):
        rel = f"{path.parent.name}/{path.name}"
        result = lint_source(Source(str(path), path.read_text(encoding="utf-8")), cfg)
        for f in result.findings:
            key = judgement_key(rel, f.name, f.concept, result.text[f.start : f.end])
            assert key in judged, f"not judged: {rel}:{f.name}: {f.message}"
            seen.add(key)
    assert all(v != "wrong" for k, v in judged.items() if k in seen)
