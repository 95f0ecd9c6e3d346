"""Engine kind: findings the engine reports itself (unused suppression comments); the rule's
YAML carries its code, messages and examples like any other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Finding, Rule

EXTRA_OPTIONS: set[str] = set()


def validate(rule: Rule, data: Any, path: Path) -> None:
    return None


def check(ctx: Any) -> Iterator[Finding]:
    return iter(())
