"""Configuration: `.jdlint.yaml` or `[tool.jdlint]` in pyproject.toml, found by walking up
from each file; every key checked, every mistake reported with file and line."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import SEVERITIES
from .yamlio import ConfigError, LineDict, line_of, load_file, read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".jdlint.yaml", ".jdlint.yml")
LANGS = ("en", "de")
LEVEL_NAMES = ("junior", "mid", "senior", "lead", "manager")
JURISDICTIONS = ("eu", "de", "at", "us", "us-co", "us-ny", "us-ca", "us-wa", "other")
_KEYS = {
    "language",
    "role",
    "level",
    "select",
    "ignore",
    "extend-select",
    "fail-level",
    "rules",
    "rule-dirs",
    "model-dirs",
    "exclude",
    "jurisdiction",
    "gender-marker",
    "preview",
}


def _preview_from_env() -> bool:
    return os.environ.get("JDLINT_PREVIEW") == "1"


# How long the editor and the web page wait for one lint before saying it took too long
# (JDLINT_LINT_SECONDS for a slow machine).
LINT_SECONDS = float(os.environ.get("JDLINT_LINT_SECONDS") or 30)


@dataclass(frozen=True)
class Config:
    path: str | None = None
    language: str | None = None
    role: str | None = None
    level: str | None = None
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_level: str = "warning"
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-rule options by name or code
    rule_dirs: tuple[str, ...] = ()
    model_dirs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jurisdiction: str | None = None
    gender_marker: str = "(m/w/d)"
    # Run the rules and concepts still in preview; JDLINT_PREVIEW=1 turns it on for every run
    # of a CI job or a test session without a configuration file saying so.
    preview: bool = field(default_factory=lambda: _preview_from_env())

    def with_overrides(self, **kw: Any) -> Config:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


def _str_list(data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ConfigError(path, f"'{key}' must be a list of rule names or codes", line_of(data, key))
    return tuple(str(v) for v in value)


def _choice(data: dict[str, Any], key: str, path: str, allowed: tuple[str, ...]) -> str | None:
    value = data.get(key)
    if value is None or value == "auto":
        return None
    if value not in allowed:
        raise ConfigError(
            path, f"'{key}' must be one of: auto, {', '.join(allowed)} (got {value!r})", line_of(data, key)
        )
    return str(value)


def from_mapping(data: Any, path: str, pyproject_text: str | None = None) -> Config:
    """Validate a configuration mapping. Rule names are checked later against the catalogue,
    which may grow by the rule-dirs named here."""

    def where(key: str) -> int | None:
        if pyproject_text is not None:  # TOML has no marks: find the key's line by its text
            m = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", pyproject_text, re.M)
            return pyproject_text.count("\n", 0, m.start()) + 1 if m else None
        return line_of(data, key)

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(path, "configuration must be a mapping (key: value)", 1)
    for key in data:
        if key not in _KEYS:
            hint = "; per-rule options go under 'rules:'" if "-" in str(key) or "_" in str(key) else ""
            raise ConfigError(path, f"unknown key '{key}' (known: {', '.join(sorted(_KEYS))}){hint}", where(str(key)))
    base = Path(path).parent
    rules = data.get("rules") or {}
    if not isinstance(rules, dict) or not all(isinstance(v, dict) or v in ("off", False) for v in rules.values()):
        raise ConfigError(path, "'rules' maps a rule name to its options (or to off)", where("rules"))
    fail = data.get("fail-level", "warning")
    if fail not in SEVERITIES and fail != "never":
        raise ConfigError(path, f"'fail-level' must be one of {', '.join(SEVERITIES)} or never", where("fail-level"))
    marker = data.get("gender-marker", "(m/w/d)")
    if not isinstance(marker, str) or not marker.strip():
        raise ConfigError(path, "'gender-marker' must be text such as (m/w/d)", where("gender-marker"))
    if not isinstance(data.get("preview", False), bool):
        raise ConfigError(path, "'preview' must be true or false", where("preview"))
    ignore = list(_str_list(data, "ignore", path))
    ignore += [str(k) for k, v in rules.items() if v in ("off", False)]
    return Config(
        path=path,
        language=_choice(data, "language", path, LANGS),
        role=None if data.get("role") in (None, "auto") else str(data["role"]),
        level=_choice(data, "level", path, LEVEL_NAMES),
        select=_str_list(data, "select", path) or ("ALL",),
        ignore=tuple(ignore),
        extend_select=_str_list(data, "extend-select", path),
        fail_level=str(fail),
        rules={str(k): v for k, v in rules.items() if isinstance(v, dict)},  # LineDicts: lines for errors
        rule_dirs=tuple(str((base / d).resolve()) for d in _str_list(data, "rule-dirs", path)),
        model_dirs=tuple(str((base / d).resolve()) for d in _str_list(data, "model-dirs", path)),
        exclude=_str_list(data, "exclude", path),
        jurisdiction=_choice(data, "jurisdiction", path, JURISDICTIONS),
        gender_marker=marker.strip(),
        preview=bool(data["preview"]) if "preview" in data else _preview_from_env(),
    )


def load(path: str | Path) -> Config:
    p = Path(path)
    if p.name == "pyproject.toml":
        text = read_text(p)
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise ConfigError(p, f"invalid TOML: {exc}", int(m.group(1)) if m else None) from None
        return from_mapping(doc.get("tool", {}).get("jdlint", {}), str(p), text)
    data = load_file(p)
    if isinstance(data, LineDict) or data is None:
        return from_mapping(data, str(p))
    raise ConfigError(p, "configuration must be a mapping (key: value)", 1)


@lru_cache(maxsize=256)
def _discover(directory: Path) -> Path | None:
    for d in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            if _is_file(d / name):
                return d / name
        py = d / "pyproject.toml"
        if _is_file(py):
            try:
                if "tool" in (t := tomllib.loads(py.read_text(encoding="utf-8"))) and "jdlint" in t["tool"]:
                    return py
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError:  # a folder we may not look into holds no configuration of ours
        return False


def for_file(path: str | Path) -> Config:
    """The configuration that applies to a file (defaults where none is found)."""
    found = _discover(Path(path).absolute().parent.resolve())  # the file itself may be a broken or looping link
    return load_cached(str(found)) if found else Config()


@lru_cache(maxsize=64)
def load_cached(path: str) -> Config:
    return load(path)
