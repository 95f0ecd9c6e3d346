"""The human report: `path:line:col: severity CODE name message`, coloured on a terminal."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from ..model import SEVERITIES, Result
from .positions import in_word, label

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan", "hint": "bright_black"}


def report(results: list[Result]) -> str:
    lines = []
    counts: Counter[str] = Counter()
    fixable = 0
    for r in results:
        for f in r.findings:
            where = click.style(f"{r.path}:{label(r, f.start)}:", bold=True)
            code = click.style(f"{f.severity} {f.code}", fg=_COLOURS[f.severity], bold=True)
            # --fix writes Markdown, text and Word files; a web page is only checked.
            editable = r.origin is None or in_word(r)
            mark = " [*]" if editable and f.fix and f.fix.applicability == "safe" else ""
            lines.append(f"{where} {code} {f.name} {f.message}{mark}")
            counts[f.severity] += 1
            fixable += bool(mark)
    total = sum(counts.values())
    files = len(results)
    if total:
        parts = ", ".join(
            f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in reversed(SEVERITIES) if counts[s]
        )
        summary = (
            f"Found {total} problem{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''} ({parts})."
        )
        if fixable:
            summary += f"\n[*] {fixable} fixable with the `--fix` option."
    else:
        summary = f"All checks passed ({files} file{'s' if files != 1 else ''})."
    lines.append(summary)
    return "\n".join(lines) + "\n"


def rule_counts(results: list[Result]) -> list[dict[str, Any]]:
    """Findings per rule, most first: code, name, count, and how many files it fired on."""
    per_rule: Counter[tuple[str, str]] = Counter()
    files: dict[tuple[str, str], set[str]] = {}
    for r in results:
        for f in r.findings:
            per_rule[(f.code, f.name)] += 1
            files.setdefault((f.code, f.name), set()).add(r.path)
    return [
        {"code": code, "name": name, "count": n, "files": len(files[(code, name)])}
        for (code, name), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def statistics(results: list[Result]) -> str:
    counts = rule_counts(results)
    if not counts:
        return f"No findings in {len(results)} files.\n"
    width = max(len(str(c["count"])) for c in counts)
    out = [f"{c['count']:>{width}}\t{c['code']}\t{c['name']}\t({c['files']} of {len(results)} files)" for c in counts]
    return "\n".join(out) + "\n"
