"""Markdown built from a document's blocks, with the map of its text back to the original."""

from __future__ import annotations

from ..source import Origin


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[tuple[int, int, int, int]] = []
        self.size = 0
        self._last = ""  # the kind of the block before

    def block(self, kind: str, level: int = 0) -> None:
        """Start a block: a blank line before it (a line break between the items of a list),
        then its Markdown marker: `#`s for a heading of `level`, `- ` for an item nested
        `level` deep; nothing for a paragraph."""
        if self._last:
            self.markup("\n" if kind == self._last == "item" else "\n\n")
        self._last = kind
        if kind == "heading":
            self.markup("#" * min(max(level, 1), 6) + " ")
        elif kind == "item":
            self.markup("  " * level + "- ")

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
