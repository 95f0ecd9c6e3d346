"""`--format html`: one self-contained page (CSS and JavaScript inline) listing every posting,
sortable by its counts, each opening to its highlighted text and findings. The highlighting
and the styles are the web page's own (jdlint/static)."""

from __future__ import annotations

import json
from collections import Counter
from html import escape

from ..catalog import catalogue
from ..data import asset
from ..model import CONCERNS, SEVERITIES, Result
from ..readability import stats
from .machine import result_dict

_CONCERN_NAMES = [c for prefix, c in CONCERNS.items() if prefix != "JD0"]
_PLURAL = {"error": "Errors", "warning": "Warnings", "info": "Info", "hint": "Hints"}


def _cell(value: object, shown: object = None) -> str:
    return f'<td data-value="{escape(str(value))}">{escape(str(value if shown is None else shown))}</td>'


def _row(i: int, r: Result, numbers: dict[str, object]) -> str:
    severities = Counter(f.severity for f in r.findings)
    concerns = Counter(CONCERNS.get(f.code[:3], "other") for f in r.findings)
    readability = numbers["readability"]
    cells = [
        f'<td data-value="{escape(r.path)}"><a href="#p-{i}">{escape(r.path)}</a></td>',
        _cell(r.language),
        _cell(r.role),
        _cell(r.level),
        *(_cell(severities[s]) for s in reversed(SEVERITIES)),
        *(_cell(concerns[c]) for c in _CONCERN_NAMES),
        _cell(numbers["words"]),
        _cell(-1 if readability is None else readability, "–" if readability is None else readability),
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _header(label: str, numeric: bool) -> str:
    kind = ' data-type="number"' if numeric else ""
    return f'<th scope="col"{kind}><button type="button">{escape(label)}</button></th>'


def report(results: list[Result]) -> str:
    numbers = [stats(r.text, r.language) for r in results]
    headers = [_header(label, numeric=False) for label in ("Posting", "Language", "Role", "Level")] + [
        _header(label, numeric=True)
        for label in (*(_PLURAL[s] for s in reversed(SEVERITIES)), *(c.capitalize() for c in _CONCERN_NAMES))
    ]
    headers += [_header("Words", True), _header("Readability", True)]
    total = Counter(f.severity for r in results for f in r.findings)
    summary = ", ".join(f"{total[s]} {s if total[s] == 1 else _PLURAL[s].lower()}" for s in reversed(SEVERITIES))
    postings = "".join(
        f'<details class="posting" id="p-{i}" data-index="{i}"><summary>{escape(r.path)} — '
        f"{len(r.findings)} findings</summary>"
        f'<div class="columns"><div class="posting-text"></div><div class="findings"></div></div></details>'
        for i, r in enumerate(results)
    )
    data = {
        "concerns": {r.name: r.concern for r in catalogue()},
        "postings": [{"result": result_dict(r), "text": r.text} for r in results],
    }
    # "<" escaped so that no text in a posting can close the script element.
    rows = "".join(_row(i, r, n) for i, (r, n) in enumerate(zip(results, numbers)))
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>jdlint report</title>'
        f"<style>{asset('style.css')}</style></head><body><header><h1>jdlint report</h1>"
        f'<p class="summary">{len(results)} postings; {summary}. Click a column to sort, a posting to open it.</p>'
        '</header><main><div class="table-wrap"><table class="postings"><thead><tr>'
        f"{''.join(headers)}</tr></thead><tbody>{rows}"
        f"</tbody></table></div><h2>Postings</h2>{postings}</main>"
        f'<script type="application/json" id="jdlint-data">{payload}</script>'
        f"<script>{asset('highlight.js')}\n{asset('report.js')}</script></body></html>\n"
    )
