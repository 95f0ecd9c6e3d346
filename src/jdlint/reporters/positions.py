"""Offsets to positions: 1-based lines and code-point columns for people, 0-based lines and
UTF-16 code units for LSP."""

from __future__ import annotations

from functools import lru_cache

from ..posting import LineIndex


@lru_cache(maxsize=64)
def index(text: str) -> LineIndex:
    return LineIndex.of(text)


def human(text: str, offset: int) -> tuple[int, int]:
    line, col = index(text).position(offset)
    return line + 1, col + 1


def utf16(text: str, offset: int) -> dict[str, int]:
    idx = index(text)
    line, col = idx.position(offset)
    start = idx.starts[line]
    return {"line": line, "character": len(text[start : start + col].encode("utf-16-le")) // 2}
