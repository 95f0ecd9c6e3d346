"""Role and level detection, and the customer-success role model on short invented postings:
which titles and openings select it, which do not, and what its duties, routine tasks and
standards report."""

from __future__ import annotations

import pytest

from jdlint import lint_text
from jdlint.config import Config
from jdlint.roles import detect_level, models

CS = "customer-success"


def _lint(text: str, lang: str, *rules: str, **cfg: object):
    return lint_text(text, config=Config(language=lang, select=rules, **cfg))  # type: ignore[arg-type]


def _posting(title: str, lang: str) -> str:
    if lang == "de":
        return f"# {title}\n\n## Deine Aufgaben\n- Du betreust ein Portfolio von 40 Geschäftskunden\n"
    return f"# {title}\n\n## What you will do\n- Look after a portfolio of 40 business customers\n"


def test_customer_success_is_a_customer_service_role_of_level_mid() -> None:
    model = models()[CS]
    assert (model.family, model.level) == ("customer-service", "mid")
    assert {"onboard-customers", "renewals-expansion", "monitor-health"} <= {c.id for c in model.group("duties")}


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Customer Success Manager"),
        ("en", "Customer Success Specialist"),
        ("en", "Customer Success Associate"),
        ("en", "Client Success Manager"),
        ("en", "Enterprise Customer Success Manager (EMEA)"),
        ("en", "Customer Success"),
        ("de", "Customer Success Manager (m/w/d)"),
        ("de", "Customer-Success-Managerin (m/w/d)"),
        ("de", "Kundenerfolgsmanager (m/w/d)"),
        ("de", "Kundenerfolgsmanager*in"),
    ],
)
def test_customer_success_titles_select_the_model(lang: str, title: str) -> None:
    assert _lint(_posting(title, lang), lang).role == CS


@pytest.mark.parametrize(
    ("lang", "title", "role"),
    [
        ("en", "Account Manager", "generic"),
        ("en", "Key Account Manager", "generic"),
        ("en", "Sales Executive", "generic"),
        ("en", "Customer Support Agent", "customer-service-agent"),
        ("en", "Technical Support Engineer", "technical-support"),
        ("en", "Head of Customer Service", "customer-service-manager"),
        ("de", "Kundenberater (m/w/d)", "customer-service-agent"),
        ("de", "Account Manager (m/w/d)", "generic"),
    ],
)
def test_other_titles_keep_their_role(lang: str, title: str, role: str) -> None:
    assert _lint(_posting(title, lang), lang).role == role


def test_the_opening_can_name_the_role_when_the_title_does_not() -> None:
    text = (
        "# Join our growing team\n\n"
        "We are looking for a Customer Success Manager to look after our business customers.\n\n"
        "## What you will do\n- Look after a portfolio of 40 business customers\n"
    )
    assert _lint(text, "en").role == CS


@pytest.mark.parametrize(
    ("lang", "title", "level"),
    [
        ("en", "Customer Success Manager", "mid"),  # "Manager" names the work, not a people manager
        ("en", "Client Success Manager", "mid"),
        ("en", "Senior Customer Success Manager", "senior"),
        ("en", "Junior Customer Success Manager", "junior"),
        ("en", "Customer Success Lead", "lead"),
        ("en", "Head of Customer Success", "manager"),
        ("de", "Customer Success Manager (m/w/d)", "mid"),
        ("de", "Customer Success Managerin", "mid"),
        ("de", "Kundenerfolgsmanagerin (m/w/d)", "mid"),
        ("de", "Senior Customer Success Manager (m/w/d)", "senior"),
    ],
)
def test_customer_success_levels(lang: str, title: str, level: str) -> None:
    result = _lint(_posting(title, lang), lang)
    assert (result.role, result.level) == (CS, level)


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Trainee Manager (m/w/d)", "junior"),  # the manager cue masked, and a junior cue always wins
        ("Werkstudent Projektleitung", "junior"),
        ("Mid/Senior Backend Developer", "senior"),  # the highest level named
        ("Senior-Kundenberater (m/w/d)", "senior"),  # a hyphen ends a word
        ("Senior / Director of Sales", "manager"),
        ("Teamleiter*in Kundenservice", "lead"),
        # traps: a cue inside one of its level's exceptions names no level, and no cue is the default
        ("Key-Account-Manager (m/w/d)", "mid"),
        ("Lead Generation Specialist", "mid"),
        ("Staff Accountant", "mid"),
        ("Executive Assistant to the CEO", "mid"),
        ("Office Assistant", "mid"),
    ],
)
def test_the_level_a_title_names(title: str, level: str) -> None:
    assert detect_level(title, models(())["generic"]) == level


BARE_EN = """# Customer Success Manager

## What you will do
- Be the friendly face of our company
- Work closely with the team
"""

FULL_EN = """# Customer Success Manager

## What you will do
- Onboard new customers with a kick-off call and a written onboarding plan
- Drive product adoption and show customers how to get the most out of the platform
- Hold quarterly business reviews and regular check-ins with your accounts
- Own renewals and work with sales on upsell opportunities
- Track health scores and spot churn risk early
- Escalate urgent issues to support and engineering
- Share customer feedback with the product team
- Run training sessions and webinars for customer admins
- Log every call and meeting in Salesforce
- Your targets: 95 % gross revenue retention and an NPS above 40
"""

BARE_DE = """# Customer Success Manager (m/w/d)

## Deine Aufgaben
- Du bist das freundliche Gesicht unseres Unternehmens
- Du arbeitest eng mit dem Team zusammen
"""

FULL_DE = """# Customer Success Manager (m/w/d)

## Deine Aufgaben
- Du begleitest Neukunden im Onboarding, vom Kick-off bis zum Go-live
- Du steigerst die Nutzung unserer Plattform und zeigst Best Practices
- Du führst regelmäßige Check-ins und Quarterly Business Reviews mit deinen Kunden
- Du sicherst Vertragsverlängerungen und erkennst Upselling-Potenziale gemeinsam mit dem Vertrieb
- Du behältst den Health Score im Blick und erkennst Kündigungsrisiken frühzeitig
- Du eskalierst dringende Anliegen an Support und Entwicklung
- Du gibst Kundenfeedback an das Produktmanagement weiter
- Du schulst Kunden-Admins in Webinaren
- Du dokumentierst jedes Kundengespräch im CRM
- Unser Ziel: eine Churn-Rate unter 5 % und ein NPS über 40
"""


@pytest.mark.parametrize(("lang", "text"), [("en", BARE_EN), ("de", BARE_DE)])
def test_missing_duty_reports_customer_success_duties(lang: str, text: str) -> None:
    result = _lint(text, lang, "missing-duty")
    assert result.role == CS
    duties = {c.id for c in models()[CS].group("duties")}
    assert {c for f in result.findings for c in f.concept.split(",")} == duties  # one finding names them


@pytest.mark.parametrize(("lang", "text"), [("en", FULL_EN), ("de", FULL_DE)])
def test_missing_duty_is_quiet_when_the_duties_are_named(lang: str, text: str) -> None:
    result = _lint(text, lang, "missing-duty", "mundane-tasks-omitted", "missing-standards")
    assert result.role == CS
    assert result.findings == []


@pytest.mark.parametrize(("lang", "text"), [("en", BARE_EN), ("de", BARE_DE)])
def test_routine_tasks_and_standards_are_asked_of_customer_success(lang: str, text: str) -> None:
    names = {f.name for f in _lint(text, lang, "mundane-tasks-omitted", "missing-standards").findings}
    assert names == {"mundane-tasks-omitted", "missing-standards"}


def test_a_requirement_is_not_a_target() -> None:
    text = BARE_EN + "\n## What you bring\n- A track record of improving retention rates\n"
    assert [f.concept for f in _lint(text, "en", "missing-standards").findings] == ["standards"]
    named = BARE_EN + "- Keep the renewal rate of your accounts above 90 %\n"
    assert _lint(named, "en", "missing-standards").findings == []


@pytest.mark.parametrize(
    "text",
    [
        # the employee's own onboarding and contract are benefits, not duties
        "## What we offer\n- A structured onboarding programme and a training budget\n"
        "- We set you up with a laptop and accounts on day one\n",
        "## Das bieten wir\n- Strukturiertes Onboarding und die Option auf Vertragsverlängerung\n",
    ],
)
def test_benefits_do_not_count_as_customer_success_duties(text: str) -> None:
    lang = "de" if "bieten" in text else "en"
    posting = (BARE_DE if lang == "de" else BARE_EN) + "\n" + text
    found = {c for f in _lint(posting, lang, "missing-duty").findings for c in f.concept.split(",")}
    assert {"onboard-customers", "renewals-expansion", "train-users"} <= found
