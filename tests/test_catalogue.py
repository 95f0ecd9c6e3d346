"""The rule catalogue where YAML examples cannot say it: concept matching on real wording,
the concept ids and severities of coverage findings, rules that depend on level and role."""

from __future__ import annotations

import pytest

from jdlint import lint_text
from jdlint.config import Config
from jdlint.engine import prepare
from jdlint.kinds.acronym import spelled_out
from jdlint.kinds.coverage import covered
from jdlint.roles import models
from jdlint.source import Source

AGENT = "customer-service-agent"


def _concept(role: str, cid: str):
    return next(c for group in models()[role].concepts.values() for c in group if c.id == cid)


def _covered(text: str, lang: str, cid: str, role: str = AGENT) -> bool:
    ctx = prepare(Source("<test>", text), Config(language=lang, role=role))
    return covered(ctx, _concept(role, cid), ())


@pytest.mark.parametrize(
    ("lang", "cid", "text"),
    [
        ("en", "answer-calls", "You answer incoming calls from our customers."),
        ("en", "answer-calls", "All calls are answered within a minute."),
        ("en", "answer-calls", "Answering customer calls is the heart of the job."),
        ("en", "answer-calls", "You field enquiries by telephone."),  # synonym, no "call"
        ("de", "answer-calls", "Bearbeitung eingehender Anrufe"),  # nominal style
        ("de", "answer-calls", "Du nimmst Anrufe an."),  # separable verb
        ("de", "answer-calls", "Du nimmst Anrufe an und hilfst weiter."),
        ("de", "answer-calls", "Du kümmerst dich um Kundenanrufe."),  # compound head
        ("de", "log-contacts", "Du führst ein genaues Anrufprotokoll."),  # compound parts
        ("en", "log-contacts", "You keep accurate call logs."),
        ("de", "resolve-complaints", "Reklamationsbearbeitung"),
        ("de", "resolve-complaints", "Du bearbeitest Reklamationen."),
        ("en", "resolve-complaints", "Complaints are resolved quickly."),
        ("de", "values", "Wir freuen uns über Bewerbungen von Menschen, die in der IT unterrepräsentiert sind."),
        ("de", "values", "Du teilst unsere Ziele und möchtest die Welt ein Stück besser machen."),
        ("de", "values", "Werde Teil einer Bewegung, die sich für freies Wissen einsetzt."),
        ("en", "standards", "In your first 90 days, bring the first-reply time under four hours (target)."),
    ],
)
def test_concepts_survive_real_wording(lang: str, cid: str, text: str) -> None:
    assert _covered(text, lang, cid)


@pytest.mark.parametrize(
    ("lang", "cid", "text"),
    [
        ("en", "answer-calls", "You sell bicycles in our shop."),
        ("de", "answer-calls", "Du verkaufst Fahrräder in unserem Laden."),
        ("en", "resolve-complaints", "You answer calls about orders."),
        ("en", "values", "You will solve a diverse range of technical issues."),
        ("en", "standards", "In your first 120 days: train under our support team and deploy the product."),
    ],
)
def test_concepts_do_not_match_unrelated_wording(lang: str, cid: str, text: str) -> None:
    assert not _covered(text, lang, cid)


def _lint(text: str, lang: str, *rules: str, **cfg: object):
    cfg.setdefault("preview", True)  # the rule's logic, whether or not it is on by default
    return lint_text(text, config=Config(language=lang, select=rules, **cfg)).findings  # type: ignore[arg-type]


def _ids(found) -> set[str]:
    """The concepts the findings name (a list-mode finding names several, joined by commas)."""
    return {c for f in found for c in (f.concept or "").split(",") if c}


CHAT_ONLY = """# Customer service agent

## What you will do
- Reply to e-mails and live chats about orders
"""


def test_missing_duty_names_the_duty_ids_of_the_role_model() -> None:
    found = _lint(CHAT_ONLY, "en", "missing-duty", role=AGENT)
    assert len(found) == 1  # one problem, one finding
    ids = _ids(found)
    duties = {c.id for c in models()[AGENT].group("duties")}
    assert "answer-calls" in ids and found[0].concept.startswith("answer-calls")  # the model's order
    assert found[0].message.count(";") == 2 and "more" in found[0].message  # three named, the rest counted
    assert "respond-written" not in ids  # the one duty the posting names
    assert ids <= duties
    assert all(f.fix is not None and f.fix.applicability == "unsafe" for f in found)


def test_missing_duty_checks_leadership_only_for_lead_and_manager_postings() -> None:
    text = "# Team leader customer service\n\n## What you will do\n- Keep the coffee machine clean\n"
    leadership = {c.id for c in models()["team-leader"].group("leadership")}
    as_lead = _ids(_lint(text, "en", "missing-duty", role="team-leader", level="lead"))
    as_senior = _ids(_lint(text, "en", "missing-duty", role="team-leader", level="senior"))
    assert leadership <= as_lead
    assert not leadership & as_senior


def test_missing_duty_is_silent_for_roles_without_duties() -> None:
    assert not _lint(CHAT_ONLY, "en", "missing-duty", role="generic")


@pytest.mark.parametrize(("allow", "expected"), [(2, set()), (1, {"answer-calls", "process-orders"})])
def test_missing_duty_allows_a_posting_to_leave_out_some_duties(allow: int, expected: set[str]) -> None:
    cfg = {"missing-duty": {"concepts": ["answer-calls", "respond-written", "process-orders"], "allow-missing": allow}}
    found = _lint(CHAT_ONLY, "en", "missing-duty", role=AGENT, rules=cfg)
    assert _ids(found) == expected


BARE_BENEFITS = "# Customer service agent\n\n## What we offer\n- A friendly team\n"


def test_missing_benefit_names_every_part_in_one_finding_at_the_highest_severity() -> None:
    found = _lint(BARE_BENEFITS, "en", "missing-benefit")
    assert len(found) == 1 and found[0].severity == "warning"  # salary is among them
    assert _ids(found) == {c.id for c in models()["generic"].group("benefits")}
    paid = BARE_BENEFITS + "- £25,000 a year\n- Flexible hours\n"
    (rest,) = _lint(paid, "en", "missing-benefit")
    assert rest.severity == "info" and "salary" not in _ids([rest])


def test_missing_benefit_leaves_preview_parts_out_by_default() -> None:
    default = _lint(BARE_BENEFITS, "en", "missing-benefit", preview=False)
    assert _ids(default) == {"salary", "work-life-balance"}


def test_missing_benefit_leaves_salary_to_missing_pay_range() -> None:
    found = _lint(BARE_BENEFITS, "en", "missing-benefit", "missing-pay-range")
    assert "salary" not in _ids(f for f in found if f.name == "missing-benefit")
    assert any(f.name == "missing-pay-range" for f in found)


def test_missing_benefit_reports_salary_even_when_little_else_is_missing() -> None:
    text = (
        "# Agent\n\n## What we offer\n- Flexible working hours and 30 days of holiday\n"
        "- Paid training and a learning budget\n- A clear career path to team leader\n"
        "- A laptop and a headset\n"
    )
    found = _ids(_lint(text, "en", "missing-benefit"))
    assert "salary" in found
    assert len(found) <= 3


def test_missing_standards_only_for_customer_service_roles() -> None:
    text = "# Customer service agent\n\n## What you will do\n- Answer calls about orders\n"
    cs = _lint(text, "en", "missing-standards", role=AGENT)
    other = _lint(text, "en", "missing-standards", role="generic")
    assert [(f.concept, f.severity) for f in cs] == [("standards", "info")]
    assert other == []


JARGON = "# Customer service agent\n\nYou keep your AHT low and know our IVR.\n"


@pytest.mark.parametrize("level", ["junior", "mid"])
def test_junior_jargon_fires_for_junior_and_mid(level: str) -> None:
    assert len(_lint(JARGON, "en", "junior-jargon", level=level)) == 2


@pytest.mark.parametrize("level", ["senior", "lead", "manager"])
def test_junior_jargon_is_silent_for_senior_lead_and_manager(level: str) -> None:
    assert not _lint(JARGON, "en", "junior-jargon", level=level)


def test_unexplained_acronym_leaves_jargon_to_junior_jargon_and_reports_once() -> None:
    text = "# Customer service agent\n\nYou keep your AHT low. You use the KMS daily. The KMS helps.\n"
    found = _lint(text, "en", "unexplained-acronym", role=AGENT, level="junior")
    assert [text[f.start : f.end] for f in found] == ["KMS"]


def test_unexplained_acronym_skips_names_and_emphasis() -> None:
    text = (
        "# Customer service agent at ERGO\n\n## About us\nERGO insures homes.\n\n"
        "## What you will do\n- Help ALL callers; we help all of them at ERGO\n"
    )
    assert not _lint(text, "en", "unexplained-acronym", role=AGENT, level="junior")


@pytest.mark.parametrize(
    ("acronym", "text", "expected"),
    [
        ("CRM", "our Customer Relationship Management tool", True),
        ("AHT", "the average handling time (AHT)", True),
        ("KIS", "im KIS (Kundeninformationssystem)", True),
        ("ACW", "the after-call work queue", True),
        ("ACW", "the ACW queue", False),
    ],
)
def test_spelled_out(acronym: str, text: str, expected: bool) -> None:
    assert spelled_out(acronym, text) is expected


def test_hard_to_read_reports_long_sentences_as_hints_with_limits_per_language() -> None:
    words = " ".join(["word"] * 38)
    en = _lint(f"# Agent\n\nYou {words}.\n", "en", "hard-to-read")
    de = _lint(f"# Agent\n\nDu {words}.\n", "de", "hard-to-read")
    assert en == []  # 39 words: within the English limit of 40
    assert [f.severity for f in de] == ["hint"]  # over the German limit of 35


def test_about_us_too_long_needs_other_sections_to_weigh_against() -> None:
    company = "We repair and sell bicycles in Leeds and ship spare parts across the country. " * 4
    alone = f"# Customer service agent\n\n## About us\n{company}\n"
    weighed = f"{alone}\n## What you will do\n- Answer calls about orders\n"
    opts = {"about-us-too-long": {"min-words": 20}}
    assert _lint(alone, "en", "about-us-too-long", rules=opts) == []
    assert [f.name for f in _lint(weighed, "en", "about-us-too-long", rules=opts)] == ["about-us-too-long"]
