"""The library API: lint text or paths. Inputs and results are plain data and pickle, so a
job board can spread postings over processes or a cluster."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import config as config_mod
from .config import Config
from .engine import lint_source
from .formats import READERS, from_bytes, read
from .model import Result
from .source import InputError, Source
from .yamlio import ConfigError

EXTENSIONS = (".md", ".markdown", ".txt", ".docx", ".html", ".htm")
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "site-packages"}
# A folder of postings often holds its own README or changelog: no posting, so a folder walk
# passes them over (a file named on the command line is still linted).
_NOT_POSTINGS = re.compile(r"(readme|changelog|changes|contributing|license|licence|code_of_conduct)(\.\w+)?", re.I)


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
    """Lint a file's bytes, read as the path's suffix says (Word, HTML, else Markdown or text)."""
    return lint_source(from_bytes(data, path), config or Config())


def lint_file(path: str | Path, config: Config | None = None) -> Result:
    """Lint one file; problems with the file come back as a Result with `error` set."""
    try:
        cfg = config if config is not None else config_mod.for_file(path)
        return lint_source(read(path), cfg)
    except (InputError, ConfigError) as exc:
        return Result(path=str(path), text="", language="", role="", level="", error=str(exc))


def lint_paths(paths: Iterable[str | Path], config: Config | None = None) -> list[Result]:
    """Lint files and folders (recursing into Markdown and text files)."""
    return [lint_file(p, config) for p in collect(paths, config)]


def _excluded(path: Path, cfg: Config) -> bool:
    """Whether an `exclude` pattern names the file, its name, or a folder it is in, relative to
    the configuration file's folder (else the working directory), as ruff reads `exclude`."""
    if not cfg.exclude:
        return False
    base = Path(cfg.path).absolute().parent if cfg.path else Path.cwd()
    try:
        rel = path.absolute().relative_to(base).as_posix()
    except ValueError:
        rel = path.as_posix()
    parts = rel.split("/")
    names = {rel, path.as_posix(), path.name, *("/".join(parts[:i]) for i in range(1, len(parts)))}
    return any(fnmatch.fnmatch(n, p) for n in names for p in cfg.exclude)


def _looks_binary(path: Path) -> bool:
    if path.suffix.lower() in READERS:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False  # let the reader report it
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def collect(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[Path]:
    """Files to lint: named files as given; folders walked for postings (EXTENSIONS), skipping
    hidden and VCS folders, binaries and READMEs. What the configuration excludes is skipped
    everywhere, named files too: a pre-commit hook names every changed file."""
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not _is_dir(p):
            if not _excluded(p, config if config is not None else config_mod.for_file(p)):
                yield p  # a missing or unreadable file is reported by the reader
            continue
        unreadable: list[str] = []
        for root, dirs, files in os.walk(p, followlinks=False, onerror=_noting(unreadable)):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
            for name in sorted(files):
                f = Path(root, name)
                if (
                    name.startswith(".")
                    or not name.lower().endswith(EXTENSIONS)
                    or _NOT_POSTINGS.fullmatch(name)
                    or not _is_file(f)
                ):
                    continue
                cfg = config if config is not None else config_mod.for_file(f)
                if _excluded(f, cfg) or _looks_binary(f):
                    continue
                real = f.resolve()
                if real not in seen:
                    seen.add(real)
                    yield f
        # A folder that cannot be listed is reported by the reader, and the walk goes on.
        yield from (Path(u) for u in unreadable)


def _noting(found: list[str]) -> Callable[[OSError], None]:
    return lambda exc: found.append(str(exc.filename))


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError:
        return True  # one we may not look at: the reader says why
