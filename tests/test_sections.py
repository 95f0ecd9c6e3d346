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
        ("Location", None),
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
