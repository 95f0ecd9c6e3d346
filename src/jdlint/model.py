"""The objects that flow out of the engine. Plain dataclasses: they pickle and compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .grammar import pick
from .source import Origin

SEVERITIES = ("hint", "info", "warning", "error")  # ascending


def severity_rank(name: str) -> int:
    return SEVERITIES.index(name)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new_text: str


@dataclass(frozen=True)
class Fix:
    description: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"  # safe | unsafe


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    section: str | None = None
    advice: str | None = None
    concept: str | None = None
    fix: Fix | None = None


@dataclass
class Result:
    """Everything jdlint says about one posting."""

    path: str
    text: str
    language: str
    role: str
    level: str
    findings: list[Finding] = field(default_factory=list)
    encoding: str = "utf-8"
    bom: bool = False
    sections: dict[str, int] = field(default_factory=dict)  # section -> number of blocks
    words: int = 0
    error: str | None = None  # set when the file could not be linted (exit code 2)
    origin: Origin | None = None  # where `text` stands in a Word file or web page it was read from


CONCERNS = {
    "JD1": "structure",
    "JD2": "role coverage",
    "JD3": "wording",
    "JD4": "length and readability",
    "JD5": "benefits and pay",
    "JD6": "inclusion and law",
    "JD7": "unfinished posting",
    "JD8": "job markup",
    "JD0": "jdlint",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    advice: str
    summary: dict[str, str]
    rationale: str
    message: dict[str, str]
    fix: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # the kind's own material: terms, patterns ...
    examples: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    path: str = ""
    # Off by default until measured precise enough: {"why": ..., "concepts": [...]}, the
    # concepts alone where listed, else the whole rule. Empty: the rule is stable.
    preview: dict[str, Any] = field(default_factory=dict)

    def in_preview(self, concept: str | None = None) -> bool:
        """Whether the rule (or, for a rule with preview concepts, this concept) is in preview."""
        concepts = self.preview.get("concepts")
        return bool(self.preview) and (not concepts or concept in concepts)

    @property
    def concern(self) -> str:
        return CONCERNS.get(self.code[:3], "other")

    def info(self) -> dict[str, Any]:
        """What `jdlint rules --format json` and the web page say of the rule."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "severity": self.severity,
            "advice": self.advice,
            "concern": self.concern,
            "summary": self.summary,
            "preview": self.preview or None,
        }

    def text(self, field_: dict[str, str], lang: str, register: str | None = None, **args: Any) -> str:
        """A message, fix or suggestion in the posting's language, and in its register where
        the field gives one ("de-du", "de-sie", "en-you" ...)."""
        template = str(pick(field_, lang, register))
        if "text" in args:  # quoted on one line: a line break would split the finding in two
            args["text"] = " ".join(str(args["text"]).split())
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):
            return template
