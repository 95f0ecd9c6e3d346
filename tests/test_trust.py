"""What keeps findings trustworthy on postings nobody tuned for: preview, one finding per
problem, a role model only where the title names its job, wording judged where it describes
the candidate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run

from jdlint import Config, lint_text
from jdlint.catalog import catalogue
from jdlint.roles import fits_title, models

PREVIEW = next(r for r in catalogue() if r.name == "missing-duty")  # a whole rule in preview
AGENT_AD = "# Customer service agent\n\n## What you will do\n- Keep the coffee machine clean\n"


def test_preview_rules_are_off_by_default_and_on_when_asked(tmp_path: Path) -> None:
    assert PREVIEW.in_preview()
    post = tmp_path / "ad.md"
    post.write_text(AGENT_AD, encoding="utf-8")

    def names(*args: str) -> set[str]:
        out = json.loads(run("--format", "json", *args, str(post), defaults=True).stdout)
        return {f["name"] for f in out[0]["findings"]}

    assert "missing-duty" not in names()
    assert "missing-duty" in names("--preview")
    assert "missing-duty" in names("--select", "missing-duty")  # named: the user asked for it
    (tmp_path / ".jdlint.yaml").write_text("preview: true\n", encoding="utf-8")
    assert "missing-duty" in names()


def test_preview_concepts_are_left_out_of_a_stable_rule() -> None:
    text = "# Support agent\n\nWe are a shop in Leeds.\n\n## What we offer\n- A friendly team\n"

    def parts(preview: bool) -> set[str]:
        found = lint_text(text, config=Config(language="en", preview=preview)).findings
        return {c for f in found if f.name == "missing-benefit" for c in f.concept.split(",")}

    assert parts(False) == {"work-life-balance"}  # salary is missing-pay-range's
    assert {"work-life-balance", "training", "career"} <= parts(True)


def test_preview_is_shown_with_its_reason() -> None:
    listing = run("rules").stdout.decode()
    line = next(x for x in listing.splitlines() if "missing-duty" in x)
    assert "[preview:" in line and "test split" in line
    assert "(preview)" in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_a_bad_preview_entry_names_its_file(tmp_path: Path) -> None:
    rule = (ROOT / "rules" / "too-long.yaml").read_text(encoding="utf-8").replace("code: JD401", "code: JD491")
    rule = rule.replace("name: too-long", "name: too-long-mine") + "preview: yes\n"
    (tmp_path / "mine.yaml").write_text(rule, encoding="utf-8")
    r = run("check-rules", str(tmp_path))
    assert r.returncode == 2 and b"mine.yaml" in r.stderr and b"'preview'" in r.stderr


@pytest.mark.parametrize(
    ("title", "model", "fits"),
    [
        ("Customer Service Agent - Berlin", "customer-service-agent", True),
        ("Kundenberater/in (m/w/d)", "customer-service-agent", True),
        ("Senior Kundenberater:in", "senior-advisor", True),
        ("Contact Center Solutions Architect (GS-15)", "customer-service-agent", False),
        ("Program Analyst, Contact Center", "customer-service-agent", False),
    ],
)
def test_a_model_fits_a_title_that_names_its_job(title: str, model: str, fits: bool) -> None:
    assert fits_title(title, models()[model]) is fits


def test_missing_duty_is_silent_where_the_title_names_another_job() -> None:
    cfg = Config(language="en", preview=True, select=("missing-duty",))
    architect = AGENT_AD.replace("Customer service agent", "Contact Center Solutions Architect")
    assert lint_text(AGENT_AD, config=cfg).findings
    assert not lint_text(architect, config=cfg).findings


def test_hollow_perks_is_one_finding_naming_every_perk() -> None:
    text = "# Developer\n\n## What we offer\n- A pool table\n- A beer fridge\n- Free snacks\n"
    found = [
        f for f in lint_text(text, config=Config(language="en", preview=False)).findings if f.name == "hollow-perks"
    ]
    assert len(found) == 1
    assert "pool table" in found[0].message and "beer fridge" in found[0].message


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("# Analyst\n\n## Your profile\n- You are competitive and assertive.\n", True),
        ("# Analyst\n\n## What you will do\n- Lead projects and drive decisions.\n", False),  # duty verbs
        ("# Analyst\n\nWe are the leading marketplace for independent sellers.\n", False),  # the company
        ("# Analyst\n\n## What we offer\n- A competitive salary.\n", False),  # the offer
    ],
)
def test_gender_coded_counts_words_that_describe_the_candidate(text: str, fires: bool) -> None:
    found = [
        f for f in lint_text(text, config=Config(language="en", preview=True)).findings if f.name == "gender-coded"
    ]
    assert bool(found) is fires, [f.message for f in found]


def test_exclude_applies_to_named_files_and_readmes_are_not_postings(tmp_path: Path) -> None:
    ad = (ROOT / "examples" / "posting.md").read_text(encoding="utf-8").replace(" to ", " in order to ", 1)
    (tmp_path / "archive").mkdir()
    for name in ("archive/old.md", "new.md", "README.md"):
        (tmp_path / name).write_text(ad, encoding="utf-8")
    (tmp_path / ".jdlint.yaml").write_text("exclude: [archive]\n", encoding="utf-8")
    named = run("--format", "json", "archive/old.md", "new.md", cwd=tmp_path)
    assert [r["path"] for r in json.loads(named.stdout)] == ["new.md"]
    walked = run("--format", "json", ".", cwd=tmp_path)
    assert [Path(r["path"]).name for r in json.loads(walked.stdout)] == ["new.md"]  # no README
    readme = run("--format", "json", "README.md", cwd=tmp_path)  # named: linted
    assert [r["path"] for r in json.loads(readme.stdout)] == ["README.md"]


def test_statistics_honour_the_format() -> None:
    posting = str(ROOT / "examples" / "posting.md")
    data = json.loads(run("--statistics", "--format", "json", posting).stdout)
    assert data["files"] == 1 and isinstance(data["rules"], list)
    r = run("--statistics", "--format", "sarif", posting)
    assert r.returncode == 2 and b"text or json" in r.stderr


def test_check_rules_runs_on_the_built_in_folder() -> None:
    r = run("check-rules", str(ROOT / "rules"))
    assert r.returncode == 0, r.stderr.decode()
    assert b"JD101 missing-section: ok" in r.stdout
