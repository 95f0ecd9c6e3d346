"""Documents that are not Markdown: each is read into Markdown that every rule sees, with an
Origin that maps its text back to the original (see source.Origin)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..source import InputError, Source, decode, digest, read_bytes

# Suffixes read by a format reader; everything else is Markdown or text.
READERS = (".docx", ".html", ".htm", ".odt")


def from_bytes(data: bytes, path: str) -> Source:
    """A Source for the file's bytes, read as its suffix says."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        from . import docx

        return docx.read(data, path)
    if suffix in (".html", ".htm"):
        from . import html

        return html.read(data, path)
    if suffix == ".odt":
        raise InputError(path, "OpenDocument (.odt) is not supported; save it as .docx or export it as Markdown")
    return decode(data, path)


def read(path: str | Path) -> Source:
    data = read_bytes(path)
    return replace(from_bytes(data, str(path)), digest=digest(data))
