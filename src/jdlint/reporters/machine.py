"""JSON and LSP output: the contracts editors, CI and scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Finding, Fix, Result
from .positions import human, in_word, utf16

LSP_SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}


def fix_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "description": fix.description,
        "applicability": fix.applicability,
        "edits": [{"start": e.start, "end": e.end, "new_text": e.new_text} for e in fix.edits],
    }


def finding_dict(result: Result, f: Finding) -> dict[str, Any]:
    line, col = human(result, f.start)
    end_line, end_col = human(result, f.end)
    where = {"paragraph": line} if in_word(result) else {}
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        **where,
        "start": f.start,
        "end": f.end,
        "text": result.text[f.start : f.end],
        "section": f.section,
        "advice": f.advice,
        "concept": f.concept,
        "fix": fix_dict(f.fix),
    }


def result_dict(r: Result) -> dict[str, Any]:
    return {
        "path": r.path,
        "language": r.language,
        "role": r.role,
        "level": r.level,
        "findings": [finding_dict(r, f) for f in r.findings],
    }


def json_report(results: list[Result]) -> str:
    return json.dumps([result_dict(r) for r in results], ensure_ascii=False, indent=2) + "\n"


def uri(path: str) -> str:
    if path.startswith(("file:", "untitled:")) or path.startswith("<"):
        return path if not path.startswith("<") else "untitled:" + path.strip("<>")
    return Path(path).resolve().as_uri()


def diagnostic(result: Result, f: Finding) -> dict[str, Any]:
    return {
        "range": {"start": utf16(result.text, f.start), "end": utf16(result.text, f.end)},
        "severity": LSP_SEVERITY[f.severity],
        "code": f.code,
        "source": "jdlint",
        "message": f"{f.message} ({f.name})",
        "data": {
            "name": f.name,
            "advice": f.advice,
            "concept": f.concept,
            "section": f.section,
            "start": f.start,
            "end": f.end,
            "fix": fix_dict(f.fix),
        },
    }


def publish_params(result: Result, document_uri: str | None = None) -> dict[str, Any]:
    return {"uri": document_uri or uri(result.path), "diagnostics": [diagnostic(result, f) for f in result.findings]}


def lsp_report(results: list[Result]) -> str:
    return "".join(json.dumps(publish_params(r), ensure_ascii=False) + "\n" for r in results)
