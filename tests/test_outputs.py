"""CI outputs: SARIF (validated against the SARIF 2.1.0 schema), GitHub annotations and
--statistics, each checked against the JSON contract for the same files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import run

from jdlint.reporters.github import escape_data, escape_property

# The SARIF 2.1.0 JSON schema (final "rtm.5" draft-04 text, as shipped in Microsoft's
# sarif-js-sdk, MIT licence): vendored because tests never download.
SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json"
FILLER = "# Support agent\n\nYou answer calls 🙂 in order to help customers.\n"
OTHER = "# Kundenberater (m/w/d)\n\nSie beantworten Anrufe.\n"


@pytest.fixture(scope="module")
def postings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("out")
    (d / "sub").mkdir()
    (d / "p.md").write_text(FILLER, encoding="utf-8")
    (d / "sub" / "a, b: c.md").write_text(OTHER, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def as_json(postings: Path) -> list[dict[str, Any]]:
    return json.loads(run("--format", "json", "p.md", "sub", cwd=postings).stdout)


def test_sarif_is_valid_and_matches_the_findings(postings: Path, as_json: list[dict[str, Any]]) -> None:
    r = run("--format", "sarif", "p.md", "sub", cwd=postings)
    assert r.returncode == 1
    log = json.loads(r.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")), cls=jsonschema.Draft4Validator)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    filler = next(x for x in rules if x["id"] == "JD301")
    assert filler["name"] == "filler-word" and filler["shortDescription"]["text"] and filler["fullDescription"]["text"]
    findings = [(file["path"], f) for file in as_json for f in file["findings"]]
    assert len(run_["results"]) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
    for res, (path, f) in zip(run_["results"], findings):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f["code"]
        assert res["level"] == levels[f["severity"]] and res["message"]["text"] == f["message"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == {"p.md": "p.md", "sub/a, b: c.md": "sub/a%2C%20b%3A%20c.md"}[path]
        assert loc["region"] == {
            "startLine": f["line"],
            "startColumn": f["column"],
            "endLine": f["end_line"],
            "endColumn": f["end_column"],
        }
        assert ("fixes" in res) == bool(f["fix"])
    filler_result = next(x for x in run_["results"] if x["ruleId"] == "JD301")
    [change] = filler_result["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 20, "endLine": 3, "endColumn": 31},
            "insertedContent": {"text": "to"},
        }
    ]
    assert {x["level"] for x in run_["results"]} >= {"warning", "note"}


def test_github_annotations(postings: Path, as_json: list[dict[str, Any]]) -> None:
    lines = run("--format", "github", "p.md", "sub", cwd=postings).stdout.decode().splitlines()
    findings = [f for file in as_json for f in file["findings"]]
    assert len(lines) == len(findings)
    kinds = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}
    for line, f in zip(lines, findings):
        assert line.startswith(f"::{kinds[f['severity']]} file=")
        assert f",line={f['line']},col={f['column']},endLine={f['end_line']},endColumn={f['end_column']}," in line
        message = f["message"].replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        assert line.endswith(f",title={f['code']} {f['name']}::{message}")
    assert any(x.startswith("::warning file=p.md,line=3,col=20,") for x in lines)
    assert any("file=sub/a%2C b%3A c.md," in x for x in lines)  # , and : in a property are escaped


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_statistics_counts_per_rule(postings: Path, as_json: list[dict[str, Any]]) -> None:
    out = run("--statistics", "p.md", "sub", cwd=postings).stdout.decode().splitlines()
    counts = Counter((f["code"], f["name"]) for file in as_json for f in file["findings"])
    rows = [line.split("\t") for line in out]
    assert {(code, name): int(n) for n, code, name, _ in rows} == counts
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
