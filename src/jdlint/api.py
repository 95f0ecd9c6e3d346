"""The library API: lint text or paths. Inputs and results are plain data and pickle, so a
job board can spread postings over processes or a cluster."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import config as config_mod
from .config import Config
from .engine import lint_source
from .model import Result
from .source import InputError, Source, decode, read_source
from .yamlio import ConfigError

EXTENSIONS = (".md", ".markdown", ".txt")
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "site-packages"}


def lint_text(
    text: str,
    *,
    path: str = "<text>",
    config: Config | None = None,
    language: str | None = None,
    role: str | None = None,
    level: str | None = None,
) -> Result:
    """Lint one posting given as text. Raises InputError or ConfigError on bad input."""
    cfg = (config or Config()).with_overrides(language=language, role=role, level=level)
    return lint_source(Source(path, text), cfg)


def lint_bytes(data: bytes, path: str, config: Config | None = None) -> Result:
    return lint_source(decode(data, path), config or Config())


def lint_file(path: str | Path, config: Config | None = None) -> Result:
    """Lint one file; problems with the file come back as a Result with `error` set."""
    try:
        cfg = config if config is not None else config_mod.for_file(path)
        return lint_source(read_source(path), cfg)
    except (InputError, ConfigError) as exc:
        return Result(path=str(path), text="", language="", role="", level="", error=str(exc))


def lint_paths(paths: Iterable[str | Path], config: Config | None = None) -> list[Result]:
    """Lint files and folders (recursing into Markdown and text files)."""
    return [lint_file(p, config) for p in collect(paths, config)]


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    s = path.as_posix()
    return any(fnmatch.fnmatch(s, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _looks_binary(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False  # let the reader report it
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def collect(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[Path]:
    """Files to lint: named files as given; folders walked for .md/.markdown/.txt, skipping
    hidden and VCS folders, binaries, and what the configuration excludes."""
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            yield p  # a missing or unreadable file is reported by the reader
            continue
        for root, dirs, files in os.walk(p, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
            for name in sorted(files):
                f = Path(root, name)
                if name.startswith(".") or not name.lower().endswith(EXTENSIONS) or not f.is_file():
                    continue
                cfg = config if config is not None else config_mod.for_file(f)
                if _excluded(f, cfg.exclude) or _looks_binary(f):
                    continue
                real = f.resolve()
                if real not in seen:
                    seen.add(real)
                    yield f
