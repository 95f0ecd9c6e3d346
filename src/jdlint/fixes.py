"""Applying fixes: non-overlapping edits, applied until nothing more changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from .model import Edit, Finding, Fix, Result

MAX_PASSES = 8
D = TypeVar("D")  # a document: its text, or a Word file's bytes


def wanted(findings: Iterable[Finding], unsafe: bool = False) -> list[Fix]:
    return [f.fix for f in findings if f.fix and (unsafe or f.fix.applicability == "safe")]


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes to apply in one pass: each whose edits do not overlap an earlier one's.

    Two insertions at one offset, or an insertion at the edge of a replaced range, count as
    overlapping: their order would be a guess, so the later one waits for the next pass."""
    taken: list[Edit] = []
    chosen = []
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        edits = fix.edits
        if not edits or any(_overlap(a, b) for a in edits for b in taken) or _self_overlap(edits):
            continue
        taken.extend(edits)
        chosen.append(fix)
    return chosen


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply every fix `choose` takes; return the text and count."""
    chosen = choose(fixes)
    for e in sorted((e for f in chosen for e in f.edits), key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.new_text + text[e.end :]
    return text, len(chosen)


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def _self_overlap(edits: tuple[Edit, ...]) -> bool:
    s = sorted(edits, key=lambda e: e.start)
    return any(_overlap(x, y) for x, y in zip(s, s[1:]))


def fix_loop(
    doc: D, lint: Callable[[D], Result], apply_: Callable[[D, list[Fix]], tuple[D, int]], unsafe: bool = False
) -> tuple[D, Result, int]:
    """Lint, apply, lint again, until no wanted fix is left (or MAX_PASSES): for a text, or a
    document of another format with its own way to apply fixes."""
    result = lint(doc)
    total = 0
    for _ in range(MAX_PASSES):
        fixes = wanted(result.findings, unsafe)
        if not fixes:
            break
        new, n = apply_(doc, fixes)
        if n == 0 or new == doc:
            break
        doc, total = new, total + n
        result = lint(doc)
    return doc, result, total


def fix_text(text: str, lint: Callable[[str], Result], unsafe: bool = False) -> tuple[str, Result, int]:
    return fix_loop(text, lint, apply, unsafe)
