"""The forms messages need: the posting's register and German nouns in every case.

A rule's text may be given per register ("de-du", "de-sie", "en-you" ...) besides per language:
what jdlint writes into a posting, and the examples it suggests, speak as the posting does.
A noun named inside a German sentence is given with its genus (`{text: Angebot, genus: n}`)
and placed with a form spec: "ein Abschnitt {section:zu}" renders "ein Abschnitt zum Angebot".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

VERB_SECOND = {"de"}  # languages whose main clause needs a word before the verb

_DU = re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.I)
# Capitalised "Sie" may be "they" at a sentence start; in a job ad it is nearly always the reader.
_SIE = re.compile(r"\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
_YOU = re.compile(r"\b(?:you|your|yours|you'll|you're)\b", re.I)


def register(text: str, lang: str) -> str:
    """How the posting addresses its reader: du, Sie or not at all (German); you or not (English)."""
    if lang == "de":
        du, sie = len(_DU.findall(text)), len(_SIE.findall(text))
        if du or sie:
            return "du" if du >= sie else "sie"
        return "neutral"
    return "you" if _YOU.search(text) else "third"


# German definite article by genus and case; a preposition fused with it ("zu dem" -> "zum").
_ARTICLE = {
    "m": {"nom": "der", "akk": "den", "dat": "dem"},
    "f": {"nom": "die", "akk": "die", "dat": "der"},
    "n": {"nom": "das", "akk": "das", "dat": "dem"},
    "pl": {"nom": "die", "akk": "die", "dat": "den"},
}
_PREPOSITIONS = {"zu": "dat", "bei": "dat", "von": "dat", "mit": "dat", "in": "dat", "für": "akk", "über": "akk"}
_FUSED = {
    ("zu", "dem"): "zum",
    ("zu", "der"): "zur",
    ("bei", "dem"): "beim",
    ("von", "dem"): "vom",
    ("in", "dem"): "im",
}


@dataclass(frozen=True)
class Noun:
    """A German noun phrase that knows its article: format it with a case or a preposition."""

    text: str
    genus: str

    def form(self, spec: str) -> str:
        if spec in _PREPOSITIONS:
            article = _ARTICLE[self.genus][_PREPOSITIONS[spec]]
            fused = _FUSED.get((spec, article))
            return f"{fused} {self.text}" if fused else f"{spec} {article} {self.text}"
        if spec in _ARTICLE[self.genus]:
            return f"{_ARTICLE[self.genus][spec]} {self.text}"
        return self.text

    def __format__(self, spec: str) -> str:
        return self.form(spec)

    def __str__(self) -> str:
        return self.text


def number(x: float, lang: str, percent: bool = False) -> str:
    """A figure as the language writes it: "1,454" and "87%" in English, "1.454", "−99,9" and
    "88 %" in German."""
    if percent:
        x *= 100
    whole = float(x).is_integer() or percent
    text = f"{x:,.0f}" if whole else f"{x:,.1f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".").replace("-", "−")
    return text + (" %" if lang == "de" else "%") if percent else text


def pick(field: dict[str, Any], lang: str, register: str | None = None) -> Any:
    """A field's value for this language and register: "de-du", else "de", else English."""
    return (register and field.get(f"{lang}-{register}")) or field.get(lang) or field.get("en") or ""


def noun(value: Any) -> Any:
    """A name as data gives it: a mapping {text, genus} becomes a Noun, a string stays."""
    if isinstance(value, dict) and "text" in value and value.get("genus") in _ARTICLE:
        return Noun(str(value["text"]), str(value["genus"]))
    return value
