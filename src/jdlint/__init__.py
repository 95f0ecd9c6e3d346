"""jdlint: a linter for job advertisements in English and German."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import lint_bytes, lint_file, lint_paths, lint_text
from .config import Config
from .model import Edit, Finding, Fix, Result

__all__ = ["Config", "Edit", "Finding", "Fix", "Result", "lint_bytes", "lint_file", "lint_paths", "lint_text"]
