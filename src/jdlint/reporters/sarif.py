"""SARIF 2.1.0 for code-scanning services: the rule catalogue as the tool's rules, one
result per finding, fixes as replacements. Columns count code points (`columnKind`)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..catalog import Rule, catalogue
from ..docs import rule_markdown
from ..model import Finding, Result
from .github import relative
from .positions import human

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
_UNWRAP = re.compile(r"(?<!\n)\n(?!\n)")  # YAML block text: join wrapped lines, keep paragraphs


def _rule(rule: Rule) -> dict[str, Any]:
    summary = rule.summary.get("en") or next(iter(rule.summary.values()), rule.name)
    rationale = _UNWRAP.sub(" ", rule.rationale) or summary
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "help": {"text": rationale, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.concern]},
    }
    if rule.advice:
        descriptor["properties"]["advice"] = rule.advice
    return descriptor


def _region(r: Result, start: int, end: int) -> dict[str, int]:
    line, col = human(r, start)
    end_line, end_col = human(r, end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _result(r: Result, f: Finding, uri: str, index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(r, f.start, f.end)}}],
    }
    if f.fix and f.fix.edits and r.origin is None:  # edits in a Word file or web page are not text edits
        out["fixes"] = [
            {
                "description": {"text": f.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {"deletedRegion": _region(r, e.start, e.end), "insertedContent": {"text": e.new_text}}
                            for e in f.fix.edits
                        ],
                    }
                ],
                "properties": {"applicability": f.fix.applicability},
            }
        ]
    return out


def report(results: list[Result]) -> str:
    rules = list(catalogue())
    known = {r.code for r in rules}
    descriptors = [_rule(r) for r in rules]
    # Rules from a project's own rule-dirs are not in the built-in catalogue: name them at least.
    for f in (f for r in results for f in r.findings):
        if f.code not in known:
            known.add(f.code)
            descriptors.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name}})
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "jdlint", "version": __version__, "rules": descriptors}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(r, f, quote(relative(r.path)), index) for r in results for f in r.findings],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
