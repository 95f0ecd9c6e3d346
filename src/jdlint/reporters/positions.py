"""Offsets to positions: 1-based lines and code-point columns for people, 0-based lines and
UTF-16 code units for LSP."""

from __future__ import annotations

from functools import lru_cache

from ..model import Result
from ..posting import LineIndex


@lru_cache(maxsize=64)
def index(text: str) -> LineIndex:
    return LineIndex.of(text)


def human(result: Result, offset: int) -> tuple[int, int]:
    """1-based line and column; in a Word file, paragraph and character; in a web page, line
    and column in its HTML source."""
    if result.origin is not None:
        line, col = result.origin.locate(offset)
    else:
        line, col = index(result.text).position(offset)
    return line + 1, col + 1


def in_word(result: Result) -> bool:
    """Whether the result is a Word file's: placed by paragraph, not by line."""
    return result.origin is not None and result.origin.format == "docx"


def label(result: Result, offset: int) -> str:
    """`line:col`, or `¶paragraph:char` in a Word file."""
    line, col = human(result, offset)
    return f"¶{line}:{col}" if in_word(result) else f"{line}:{col}"


def utf16(text: str, offset: int) -> dict[str, int]:
    idx = index(text)
    line, col = idx.position(offset)
    start = idx.starts[line]
    return {"line": line, "character": len(text[start : start + col].encode("utf-16-le")) // 2}
