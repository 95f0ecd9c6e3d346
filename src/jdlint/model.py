"""The objects that flow out of the engine. Plain dataclasses: they pickle and compare."""

from __future__ import annotations

from dataclasses import dataclass, field

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
