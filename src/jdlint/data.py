"""Where the built-in rule catalogue and role models live (package data in a wheel)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(name: str) -> Path:
    return Path(str(resources.files(f"jdlint.{name}")))


def builtin_rules_dir() -> Path:
    return _package_dir("rules")


def builtin_models_dir() -> Path:
    return _package_dir("models")
