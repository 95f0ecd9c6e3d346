"""Markdown built from a document's blocks, with the map of its text back to the original."""

from __future__ import annotations

from ..source import Origin


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[tuple[int, int, int, int]] = []
        self.size = 0

    def markup(self, s: str) -> None:
        """Text jdlint adds (Markdown syntax, line breaks): no place in the original."""
        self.parts.append(s)
        self.size += len(s)

    def text(self, s: str, paragraph: int, offset: int) -> None:
        """Text from the original, found `offset` characters into `paragraph` (HTML: -1 and the
        source offset)."""
        if s:
            self.segments.append((self.size, self.size + len(s), paragraph, offset))
            self.markup(s)

    def origin(self, fmt: str, lines: tuple[int, ...] = (), markup: tuple = ()) -> tuple[str, Origin]:
        return "".join(self.parts), Origin(fmt, tuple(self.segments), lines, markup)
