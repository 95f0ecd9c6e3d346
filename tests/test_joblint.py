"""Everything Joblint caught, jdlint catches, without its false alarms: a bad posting in
Joblint's style (our own), a plain good one, and Joblint's judged hits over the corpus."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.source import Source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

BAD = """# Code Ninja (m/w/d)

Hey guys, we need a coding rockstar who can hit the ground running!

We're a sexy startup of dudes who crush it: a meritocratic, drama-free team that creates synergy.

## What you do

- Ship features fast and juggle multiple projects
- He will own our damn backend

## What you bring

- Candidates with rad beards and an attractive appearance preferred
- You are competitive and thrive in high pressure situations

## What we offer

- A pool table and a beer fridge
"""

GOOD = """# Backend Developer

## About us
We are a team of twelve building booking software for small hotels in Leeds.

## What you will do
- Build and test the services that take and confirm bookings
- Review your colleagues' code and help them review yours
- Answer questions from our support team about how the system behaves

## What you bring
- Two years of experience with Python and a relational database
- Clear written English: most of our work is discussed in writing

## What we offer
- £45,000 to £52,000 a year, 28 days of holiday and a pension
- A mentor for your first three months and a training budget of £1,000 a year

## How to apply
Send your CV and a few lines on a project you are proud of to jobs@example-hotels.co.uk.
"""

CLASSES = {
    "unprofessional-wording": ["Ninja", "sexy", "dudes", "crush it", "rockstar", "damn"],
    "exclusive-wording": ["guys", "rad beards", "attractive appearance"],
    "culture-cliche": [
        "hit the ground running",
        "meritocratic",
        "drama-free",
        "synergy",
        "juggle multiple",
        "You are competitive",
    ],
    "gendered-pronoun": ["He"],
    "hollow-perks": ["pool table"],
}
WORDING = (
    "unprofessional-wording",
    "exclusive-wording",
    "culture-cliche",
    "gendered-pronoun",
    "hollow-perks",
    "age-bias",
    "filler-word",
    "gender-coded",
)


def test_a_bad_posting_in_joblints_style_reports_every_class() -> None:
    result = lint_source(Source("<bad>", BAD), Config(language="en"))
    for rule, words in CLASSES.items():
        found = [BAD[f.start : f.end] for f in result.findings if f.name == rule]
        for word in words:
            assert any(word in text for text in found), f"{rule} misses {word!r}: {found}"


def test_a_plain_good_posting_is_quiet_on_every_wording_rule() -> None:
    result = lint_source(Source("<good>", GOOD), Config(language="en", preview=True))
    assert [f for f in result.findings if f.name in WORDING] == []


def _joblint_module():
    spec = importlib.util.spec_from_file_location("joblint_eval", ROOT / "eval" / "joblint.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]  (its dataclasses look it up)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_jdlint_reports_joblints_right_hits_and_not_its_false_alarms() -> None:
    """With its default rules jdlint reports at least 90 % of the places where Joblint is right
    and repeats at most 10 % of its false alarms (docs/accuracy.md, "Beside Joblint")."""
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}: the comparison with Joblint needs it")
    jl = _joblint_module()
    verdicts = jl.judged_hits()
    right = [h for h, v in verdicts.items() if v == "right"]
    wrong = [h for h, v in verdicts.items() if v == "wrong"]
    default = jl.reported(list(verdicts), CORPUS)
    assert sum(default[h] for h in right) >= 0.9 * len(right)
    assert sum(default[h] for h in wrong) <= 0.1 * len(wrong)
