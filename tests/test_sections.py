"""Sections from headings in both languages, from bold lines, and from content alone."""

from __future__ import annotations

import pytest

from jdlint.api import lint_text
from jdlint.sections import classify_heading


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Responsibilities", "duties"),
        ("What you'll do", "duties"),
        ("Ihre Aufgaben", "duties"),
        ("Deine Aufgaben:", "duties"),
        ("Was dich erwartet", None),
        ("About you", "skills"),
        ("Dein Profil", "skills"),
        ("Das bringst du mit", "skills"),
        ("Requirements", "skills"),
        ("Das bieten wir", "benefits"),
        ("Wir bieten", "benefits"),
        ("Benefits & perks", "benefits"),
        ("About us", "company"),
        ("Über uns", "company"),
        ("How to apply", "application"),
        ("Bewerbung", "application"),
        ("About the role", "summary"),
        ("🎯 Deine Aufgaben", "duties"),
        ("WHAT WE OFFER", "benefits"),
        ("Qualifications", "qualifications"),
        ("Location", "other"),
        ("Travel requirement:", "other"),
        ("Arbeitsort", "other"),
        ("Keyrock is expanding!", None),
        ("Was uns wichtig ist", None),
        ("For each job on your resume, provide:", "application"),
        ("We'd love to hear from you if:", "skills"),
        ("Specialized experience is defined as follows:", "qualifications"),
        ("Offer", "benefits"),
        ("Expertise", "skills"),
        ("Berufserfahrung", "qualifications"),
        ("Contact", "application"),
        ("Kontakt", "application"),
        ("Contact center optimization specialist", None),
        ("We believe that", "company"),
    ],
)
def test_headings(heading, section):
    assert classify_heading(heading) == section


def test_profile_items_split_into_skills_traits_and_qualifications():
    r = lint_text(
        "# Agent\n\n## Requirements\n- Two years of experience in customer service\n"
        "- Excellent written communication skills\n- Patient and friendly\n",
        language="en",
    )
    assert r.sections.get("qualifications") == 1
    assert r.sections.get("skills") == 1
    assert r.sections.get("traits") == 1


def test_posting_without_headings_is_classified_by_content():
    text = (
        "We are a small insurance broker in Hamburg founded in 1990.\n\n"
        "We are looking for a customer service agent.\n\n"
        "- You answer calls from our customers\n- You update customer records\n\n"
        "We offer a salary of 40,000 EUR, 30 days of vacation and remote work.\n\n"
        "Apply by sending your CV to jobs@broker.example.\n"
    )
    r = lint_text(text, language="en")
    assert {"company", "duties", "benefits", "application"} <= set(r.sections)


def test_ambiguous_heading_is_decided_by_its_content():
    duties = lint_text(
        "# Analyst\n\n## Was dich bei uns erwartet\n\nAls Analyst betreust du unsere Software und entwickelst "
        "Berichte.\n",
        language="de",
    )
    benefits = lint_text(
        "# Analyst\n\n## Was dich bei uns erwartet\n\n- 30 Tage Urlaub\n- Gleitzeit und Homeoffice\n",
        language="de",
    )
    assert "duties" in duties.sections and "benefits" not in duties.sections
    assert "benefits" in benefits.sections and "duties" not in benefits.sections


def test_html_remnants_numbered_and_emoji_bullets_and_mixed_languages():
    text = (
        "<h1>Kundenberater (m/w/d)</h1>\n\n<h2>Your tasks</h2>\n<ul>\n<li>Du beantwortest Anrufe</li>\n</ul>\n\n"
        "## Dein Profil\n\n1. Abgeschlossene Ausbildung\n2. Sehr gute Deutschkenntnisse\n\n"
        "**Was wir bieten:**\n🚀 30 Tage Urlaub\n💶 3.000 € brutto\n"
    )
    r = lint_text(text, language="de")
    assert r.sections.get("duties") == 1
    assert r.sections.get("qualifications") == 1 and r.sections.get("skills") == 1
    assert r.sections.get("benefits") == 2


def test_headings_in_any_case():
    assert classify_heading("your RESPONSIBILITIES") == "duties"
    assert classify_heading("IHR PROFIL") == "skills"


def _missing(text: str, lang: str = "en") -> set[str]:
    r = lint_text(text, language=lang)
    return {str(f.concept) for f in r.findings if f.name == "missing-section"}


def _sections(text: str, lang: str = "en") -> dict[str, int]:
    return lint_text(text, language=lang).sections


def test_conditions_of_the_job_are_neither_skills_nor_traits():
    found = _sections(
        "# Agent\n\n## Requirements\n- Willing to work shifts and weekends\n"
        "- Preference will be given to Canadian citizens\n- Excellent communication skills\n"
    )
    assert found.get("other") == 2 and found.get("skills") == 1
    assert _sections("# Verkäufer\n\n## Das bringst du mit\n- Körperliche Fitness\n", "de") == {"other": 1}


@pytest.mark.parametrize(
    ("line", "lang", "section"),
    [
        ("Experience assessing software products for fraud", "en", "qualifications"),
        ("Experience using Salesforce", "en", "skills"),
        ("Completed basic studies in design", "en", "qualifications"),
        ("5-10 years sales leadership experience", "en", "qualifications"),
        ("Diplomacy", "en", "traits"),
        ("Sorgfalt im Umgang mit Geld", "de", "traits"),
        ("Serviceorientierung und eine verbindliche Art am Telefon", "de", "traits"),
        ("Erfahrung mit der Entwicklung digitaler Produkte", "de", "qualifications"),
        ("Du kennst dich mit Pressearbeit aus", "de", "skills"),
        ("Knowledge of travel booking systems", "en", "skills"),  # a skill that names travel
        ("Travel up to 25 % of the time", "en", "other"),
    ],
)
def test_profile_lines(line: str, lang: str, section: str):
    heading = "Das bringst du mit" if lang == "de" else "What you bring"
    assert _sections(f"# Job\n\n## {heading}\n- {line}\n", lang).get(section) == 1


def test_lines_defining_the_experience_asked_are_qualifications():
    under_heading = "# Analyst\n\n## Specialized experience requirements\n- Managing client relationships\n"
    after_lead_in = (
        "# Analyst\n\n## Qualifications\n\nSpecialized experience is defined as:\n\n"
        "- Managing client relationships\n- Driving growth for a program\n"
    )
    plain = "# Analyst\n\n## Qualifications\n\n- Managing client relationships\n"
    assert _sections(under_heading) == {"qualifications": 1}
    assert _sections(after_lead_in).get("skills") is None
    assert _sections(plain).get("skills") == 1
    assert "skills" in _missing(after_lead_in) and "skills" not in _missing(plain)


def test_skills_named_in_the_role_summary_count():
    text = (
        "# Analyst\n\n## Role summary\n\nSuccess in this role requires analytical skills and a love of "
        "spreadsheets.\n\n## Qualifications\n- One year of specialized experience\n"
    )
    assert "skills" not in _missing(text)
    assert "skills" in _missing(text.replace("requires analytical skills and", "brings"))


def test_duties_told_about_the_role_in_the_third_person():
    ad = "# Interaction Designer\n\nInteraction designers work out the best way to let users reach their goal.\n"
    assert "duties" not in _missing(ad)
    # the title's word after the first verb is no subject: "Current has 15 engineers"
    other = "# Backend Engineer\n\nCurrent has 15 engineers out of 32 people in total, all remote.\n"
    assert "duties" in _missing(other)
    de = (
        "# Werkstudent Office Management\n\nNeben dem Empfang gehören zu deinen Aufgaben die Büroorganisation "
        "und die Buchhaltung.\n"
    )
    assert "duties" not in _missing(de, "de")


def test_a_list_under_a_job_description_heading_is_the_duties():
    text = "# Support engineer\n\n## Job description\n- Monitor the markets through the logs\n- Develop processes\n"
    assert _sections(text).get("duties") == 2


def test_a_heading_right_under_an_empty_section_heading_continues_it():
    text = (
        "# Specialist\n\n## Role summary\n\n## Contact Center Optimization Specialist (GS15)\n\n"
        "As an expert architect, you will join our team and apply for grants.\n"
    )
    assert _sections(text) == {"summary": 1}


@pytest.mark.parametrize(
    ("sentence", "company"),
    [
        ("The Centers of Excellence is an office within TTS that modernises government IT.", True),
        ("RebelMouse serves over 140 million unique visitors every month.", True),
        ("Applications will be open for submission on the first of May this year.", False),
        ("Hopin is proud to be an equal opportunity employer and values diversity.", False),
        ("The Business Development Manager is responsible for closing new business with clients.", False),
    ],
)
def test_what_counts_as_a_sentence_about_the_company(sentence: str, company: bool):
    text = f"# Business Development Manager\n\n{sentence}\n\n## Your tasks\n- Call clients\n"
    assert ("company" not in _missing(text)) is company


def test_fields_listed_under_an_experience_heading_are_qualifications():
    assert _sections("# Developer\n\n## Experience\n- Graphic design\n- Product management\n") == {"qualifications": 2}


def test_prose_under_a_profile_heading_that_asks_for_nothing_keeps_what_it_says():
    text = (
        "# Content designer\n\n## We're looking for someone who has:\n- Strong facilitation skills\n\n"
        "The position is a two-year term, classified as IT-04 (salary $80,000 to $95,000).\n"
    )
    assert _sections(text) == {"skills": 1, "benefits": 1}
    assert "benefits" not in _missing(text)


def test_heading_and_content_cues_are_written_in_lower_case():
    """Headings and cues run over lower-cased text without IGNORECASE (three times faster):
    an upper-case letter in one could never match."""
    import re

    from jdlint.sections import _cue_counts, vocabulary

    v = vocabulary()
    for name, rx in [*v.cues, *v.headings, ("ambiguous", v.ambiguous), ("experience", v.experience)]:
        assert not re.search(r"(?<!\\)[A-ZÄÖÜ]", rx.pattern), name
    shouting = "YOUR TASKS\n\n- ANSWER CUSTOMER CALLS AND E-MAILS\n\nWE OFFER\n\n- 30 DAYS OF PAID HOLIDAY\n"
    assert dict(_cue_counts(shouting)).get("benefits")
