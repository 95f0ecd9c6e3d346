"""The web page for recruiters (`jdlint serve`) and what it shares with the HTML report:
the static assets and the summary numbers. Importing this package needs no web stack."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"
WORDS_PER_MINUTE = 200  # a common silent-reading rate for prose


@cache
def asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def stats(text: str, language: str) -> dict[str, Any]:
    """Words (as the length rules count them), reading time, and the engine's readability
    score where the posting has enough prose for one (else None)."""
    from ..kinds.metric import readability
    from ..posting import count_words, parse
    from ..source import Source

    posting = parse(Source("<text>", text))
    words = count_words(posting.masked)
    score = readability(posting, language) if language else None
    return {
        "words": words,
        "reading_minutes": math.ceil(words / WORDS_PER_MINUTE),
        "readability": None if score is None else round(score, 1),
    }
