"""Every example of every rule, in every language: fires, stays quiet, fixes as shown."""

from __future__ import annotations

import pytest

from jdlint.catalog import catalogue
from jdlint.selftest import examples, run_example

CASES = [
    pytest.param(rule, lang, what, item, id=f"{rule.name}-{lang}-{what}-{i}")
    for rule in catalogue()
    for i, (lang, what, item) in enumerate(examples(rule))
]


@pytest.mark.parametrize(("rule", "lang", "what", "item"), CASES)
def test_example(rule, lang, what, item):
    assert run_example(rule, lang, what, item) is None


def test_every_rule_has_examples_that_fire_and_stay_quiet():
    for rule in catalogue():
        whats = {what for _, what, _ in examples(rule)}
        assert "fires" in whats, rule.name
        if rule.kind not in ("metric", "engine"):
            assert "quiet" in whats, rule.name


def test_every_fixing_rule_shows_its_fix():
    for rule in catalogue():
        if rule.fix:
            assert any(what == "fixes" for _, what, _ in examples(rule)), rule.name


def test_every_rule_cites_advice_and_speaks_both_languages():
    for rule in catalogue():
        if rule.kind == "engine":
            continue
        assert rule.advice, rule.name
        assert set(rule.message) >= {"en", "de"}, rule.name
