"""Assign every block of a posting to a section: from headings, else from its content."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .data import builtin_models_dir
from .posting import Block, Posting
from .yamlio import load_file

SECTIONS = (
    "title",
    "company",
    "summary",
    "duties",
    "skills",
    "traits",
    "qualifications",
    "benefits",
    "application",
    "other",
)
PROFILE = ("skills", "traits", "qualifications")
_STRIP = re.compile(r"[^\w\s'&/-]+")


@dataclass(frozen=True)
class Vocabulary:
    headings: tuple[tuple[str, re.Pattern[str]], ...]
    cues: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = load_file(builtin_models_dir() / "sections.yaml")

    def compile_all(group: dict[str, list[str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((name, re.compile("|".join(f"(?:{p})" for p in pats), re.I)) for name, pats in group.items())

    return Vocabulary(compile_all(data["headings"]), compile_all(data["cues"]))


def normalize_heading(text: str) -> str:
    text = "".join(c for c in text if unicodedata.category(c)[0] != "S")  # emoji and symbols
    text = _STRIP.sub(" ", text.replace("’", "'")).strip(" -/&").lower()
    return re.sub(r"\s+", " ", text)


def classify_heading(text: str) -> str | None:
    norm = normalize_heading(text)
    if not norm:
        return None
    for name, rx in vocabulary().headings:
        if rx.search(norm):
            return name
    return None


def _votes(text: str) -> Counter[str]:
    votes: Counter[str] = Counter()
    low = text.lower()
    for name, rx in vocabulary().cues:
        n = len(rx.findall(low))
        if n:
            votes[name] += n
    return votes


def _profile_kind(text: str, default: str) -> str:
    """Within a profile list: a degree or years of experience is a qualification, a
    personality word a trait, anything else the heading's own kind."""
    votes = _votes(text)
    if votes["qualifications"]:
        return "qualifications"
    if votes["traits"] and not votes["skills"]:
        return "traits"
    return default if default in PROFILE else "skills"


def _classify_group(blocks: list[Block], posting: Posting, fallback: str) -> str:
    votes: Counter[str] = Counter()
    for b in blocks:
        votes.update(_votes(posting.block_text(b)))
    if not votes:
        return fallback
    top = max(votes.values())
    leaders = [name for name, n in votes.items() if n == top]
    return fallback if fallback in leaders else leaders[0]  # ties go to what the shape suggests


def _set(block: Block, section: str, posting: Posting) -> None:
    if section in PROFILE and block.kind != "heading":
        section = _profile_kind(posting.block_text(block), section)
    block.section = section


def find_title(posting: Posting) -> Block | None:
    for i, b in enumerate(posting.blocks[:6]):
        if b.kind == "heading" and (b.level == 1 or i == 0):
            return b
        if (
            i == 0
            and b.kind == "paragraph"
            and len(posting.block_text(b).split()) <= 12
            and not posting.block_text(b).rstrip().endswith((".", ":"))
        ):
            return b
    return None


def assign(posting: Posting) -> None:
    title = find_title(posting)
    posting.title = title
    current: str | None = "intro"
    current_level = 0
    group: list[Block] = []

    def flush() -> None:
        if not group:
            return
        if current == "intro":
            _assign_intro(group, posting)
        else:
            section = _classify_group(group, posting, "other")
            for b in group:
                _set(b, section, posting)
        group.clear()

    for b in posting.blocks:
        if b is title:
            b.section = "title"
            continue
        if b.kind == "heading":
            found = classify_heading(posting.block_text(b))
            if found:
                flush()
                current, current_level = found, b.level
                b.section = found
                continue
            if current in (None, "intro") or b.level <= current_level:
                flush()
                current, current_level = None, b.level
            b.section = current if current not in (None, "intro") else "other"
            continue
        if b.label and (labelled := classify_heading(b.label)):
            _set(b, labelled, posting)
            continue
        if current in (None, "intro"):
            group.append(b)
        else:
            _set(b, current, posting)
    flush()


def _assign_intro(blocks: list[Block], posting: Posting) -> None:
    """Blocks before the first recognised heading: an opening paragraph about the company
    or the role, lists classified as a run, the rest by their own cues."""
    run: list[Block] = []

    def close_run() -> None:
        if run:
            section = _classify_group(run, posting, "duties")
            for x in run:
                _set(x, section, posting)
            run.clear()

    for b in blocks:
        if b.kind == "item":
            run.append(b)
            continue
        close_run()
        votes = _votes(posting.block_text(b))
        if not votes:
            b.section = "summary"
            continue
        best = votes.most_common(1)[0][0]
        if best in ("company", "summary") and votes["summary"] and votes["company"] <= votes["summary"]:
            best = "summary"
        _set(b, best, posting)
    close_run()
