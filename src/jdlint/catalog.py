"""The rule catalogue: rules are YAML data, each implemented by one of a few kinds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .data import builtin_rules_dir
from .kinds import KINDS
from .model import SEVERITIES, Rule
from .yamlio import RULE_ALIASES, ConfigError, LineDict, line_of, load_file

_CODE = re.compile(r"^JD\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_KNOWN_KEYS = {
    "code",
    "name",
    "kind",
    "severity",
    "advice",
    "summary",
    "rationale",
    "sources",
    "message",
    "fix",
    "options",
    "examples",
    "data",
    "concern",
    "preview",
}


def _require(data: LineDict, key: str, path: Path, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise ConfigError(path, f"rule is missing the key '{key}'", line_of(data))
    value = data[key]
    if not isinstance(value, kind):
        raise ConfigError(path, f"'{key}' has the wrong type", line_of(data, key))
    return value


def _per_language(value: Any, key: str, path: Path, data: LineDict) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(path, f"'{key}' must be text or a mapping of language to text", line_of(data, key))
    return dict(value)


def rule_from_data(data: Any, path: Path) -> Rule:
    if not isinstance(data, LineDict):
        raise ConfigError(path, "a rule file must hold one mapping (code, name, kind, ...)", 1)
    unknown = sorted(set(map(str, data)) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{unknown[0]}' in rule", line_of(data, unknown[0]))
    code = _require(data, "code", path, str)
    if not _CODE.match(code):
        raise ConfigError(path, f"code '{code}' must look like JD123", line_of(data, "code"))
    name = _require(data, "name", path, str)
    if not _NAME.match(name):
        raise ConfigError(path, f"name '{name}' must be kebab-case", line_of(data, "name"))
    kind = _require(data, "kind", path, str)
    if kind not in KINDS:
        raise ConfigError(path, f"unknown kind '{kind}' (kinds: {', '.join(sorted(KINDS))})", line_of(data, "kind"))
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise ConfigError(path, f"severity must be one of {', '.join(SEVERITIES)}", line_of(data, "severity"))
    options = data.get("options") or {}
    if not isinstance(options, dict):
        raise ConfigError(path, "'options' must be a mapping", line_of(data, "options"))
    preview = data.get("preview") or {}
    if preview and (not isinstance(preview, dict) or not isinstance(preview.get("why"), str)):
        raise ConfigError(path, "'preview' must be a mapping with 'why' (and 'concepts')", line_of(data, "preview"))
    rule = Rule(
        code=code,
        name=name,
        kind=kind,
        severity=severity,
        advice=str(data.get("advice", "")),
        summary=_per_language(data.get("summary", ""), "summary", path, data),
        rationale=str(data.get("rationale", "")).strip(),
        message=_per_language(_require(data, "message", path, (str, dict)), "message", path, data),
        fix=_per_language(data.get("fix") or {}, "fix", path, data),
        options=dict(options),
        data=dict(data.get("data") or {}),
        examples=dict(data.get("examples") or {}),
        sources=tuple(data.get("sources") or ()),
        path=str(path),
        preview=dict(preview),
    )
    KINDS[kind].validate(rule, data.get("data") or LineDict(), path)
    return rule


def load_rules_dir(directory: Path) -> list[Rule]:
    if not directory.is_dir():
        raise ConfigError(directory, "rules folder does not exist")
    return [rule_from_data(load_file(p, RULE_ALIASES), p) for p in sorted(directory.glob("*.yaml"))]


@cache
def _catalogue(extra_dirs: tuple[str, ...]) -> tuple[Rule, ...]:
    builtin = builtin_rules_dir()
    rules = load_rules_dir(builtin)
    # A folder named twice, or the built-in one named as a user folder, is read once.
    for d in dict.fromkeys(Path(d).resolve() for d in extra_dirs):
        if d != builtin.resolve():
            rules.extend(load_rules_dir(d))
    seen: dict[str, Rule] = {}
    for r in rules:
        for key in (r.code, r.name):
            if key in seen:
                raise ConfigError(r.path, f"'{key}' is already used by the rule in {seen[key].path}")
            seen[key] = r
    return tuple(sorted(rules, key=lambda r: r.code))


def catalogue(extra_dirs: Iterable[str] = ()) -> tuple[Rule, ...]:
    return _catalogue(tuple(extra_dirs))


def select(rules: Iterable[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    """ruff's semantics: a rule runs when the most specific selector naming it selects it."""

    def specificity(sel: str, rule: Rule) -> int:
        if sel in ("ALL",):
            return 0
        if sel == rule.name or sel == rule.code:
            return 10
        if rule.code.startswith(sel):
            return len(sel)
        return -1

    out = []
    for r in rules:
        s = max((specificity(x, r) for x in select), default=-1)
        i = max((specificity(x, r) for x in ignore), default=-1)
        if s >= 0 and s >= i + (0 if i < 0 else 1):
            out.append(r)
    return out


def matches_any(token: str, rules: Iterable[Rule]) -> bool:
    return token == "ALL" or any(token in (r.code, r.name) or r.code.startswith(token) for r in rules)
