"""Reporters: a list of Results in, text out. Positions are computed here, at the edge."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Result
from . import github, html, machine, sarif, text

Reporter = Callable[[list[Result]], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": machine.json_report,
    "lsp": machine.lsp_report,
    "html": html.report,
    "sarif": sarif.report,
    "github": github.report,
}
