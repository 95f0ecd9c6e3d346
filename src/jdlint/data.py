"""Where the built-in rule catalogue, role models and page assets live (package data in a wheel)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


def _package_dir(name: str) -> Path:
    return Path(str(resources.files(f"jdlint.{name}")))


def builtin_rules_dir() -> Path:
    return _package_dir("rules")


def builtin_models_dir() -> Path:
    return _package_dir("models")


def builtin_eval_dir() -> Path:
    return _package_dir("eval")


STATIC = Path(__file__).parent / "static"  # the web page's files, inlined by the HTML report too


@cache
def asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")
