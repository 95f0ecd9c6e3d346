"""Messages and fixes over a corpus, read as an editor would: no example from another job's
world, German names in the case their preposition needs, safe fixes that leave no sentence
in lower case and cause no new finding, and unsafe insertions that are only headings and
[[placeholders]] jdlint reports.

    python eval/messages.py [--corpus ../shared/corpus] [--jobs 2]

Prints the figures (docs/accuracy.md quotes them) and every problem found; exit code 1 when
there is one. tests/test_messages.py runs the same checks.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.fixes import fix_text
from jdlint.kinds._insert import PLACEHOLDER
from jdlint.model import Finding, Result
from jdlint.roles import models
from jdlint.source import Source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# An example follows one of these; what it quotes must fit the posting's world.
_EXAMPLE = re.compile(r"(?:e\.g\.|z\. B\.|for example|such as)\s*(.*)$")
# Sentence starts: after a line start (and a list marker or heading), or after . ! ? and a space.
_SENTENCE = re.compile(r"(?m)(?:^[ \t]*(?:[-*+•]|\d+[.)]|#{1,6})?[ \t]*|[.!?][ \t]+)([a-zäöüß])")
_DATIVE = {"m": "zum", "n": "zum", "f": "zur", "pl": "zu den"}


@cache
def family_examples() -> dict[str, set[str]]:
    """Example texts each role family's models add to what every posting may be told: the
    suggestions a family's models give that the generic model does not."""
    all_models = models()
    generic = {s for c in sum(all_models["generic"].concepts.values(), ()) for s in c.suggest.values()}
    out: dict[str, set[str]] = {}
    for m in all_models.values():
        texts = {s for c in sum(m.concepts.values(), ()) for s in c.suggest.values()} - generic
        out.setdefault(m.family, set()).update(texts)
    return out


def foreign_examples(result: Result, family: str, by_family: dict[str, set[str]]) -> list[str]:
    """Messages of the result that quote an example from another family's models."""
    foreign = set().union(*(t for f, t in by_family.items() if f != family))
    bad = []
    for f in result.findings:
        m = _EXAMPLE.search(f.message)
        if m and any(t and (t in f.message) for t in foreign if t not in result.text):
            bad.append(f.message)
    return bad


def lowercase_starts(text: str) -> Counter[str]:
    """The first words of the sentences of a text that start in lower case ("iOS", "eBay")."""
    return Counter(re.match(r"\S*", text[m.start(1) :]).group() for m in _SENTENCE.finditer(text))  # type: ignore[union-attr]


def check_posting(path: str) -> dict[str, Any]:
    """Every check for one posting (a process pool runs this over the corpus)."""
    text = Path(path).read_text(encoding="utf-8")
    cfg = Config(preview=True)
    lint = lambda t: lint_source(Source(path, t), cfg)  # noqa: E731
    result = lint(text)
    by_family = family_examples()
    family = models()[result.role].family
    out: dict[str, Any] = {"path": path, "lang": result.language, "findings": len(result.findings)}
    out["foreign"] = foreign_examples(result, family, by_family)
    out["german"] = [f.message for f in result.findings if result.language == "de" and _bad_case(f.message)]
    # safe fixes: no new lower-case sentence start, no finding the fix caused
    safe = [f for f in result.findings if f.fix and f.fix.applicability == "safe"]
    out["safe_fixes"] = len(safe)
    out["safe_problems"] = []
    if safe:
        fixed, after, _ = fix_text(text, lint, unsafe=False)
        new_starts = lowercase_starts(fixed) - lowercase_starts(text)
        out["safe_problems"] += [f"lower-case sentence start: {s!r}" for s in sorted(new_starts)]
        before = Counter(map(_key, result.findings))
        caused = Counter(map(_key, after.findings)) - before
        out["safe_problems"] += [f"new finding after the safe fixes: {k}" for k in caused]
    # unsafe insertions: only headings and placeholders, each reported by template-text
    inserts = [e for f in result.findings if f.fix and f.fix.applicability == "unsafe" for e in f.fix.edits]
    inserted = [e.new_text for e in inserts if e.start == e.end]
    out["insertions"] = len(inserted)
    out["unsafe_problems"] = [f"not a placeholder: {line!r}" for t in inserted for line in _content_lines(t)]
    if inserted:
        fixed, after, _ = fix_text(text, lint, unsafe=True)
        spans = [(f.start, f.end) for f in after.findings if f.name == "template-text"]
        old = set(PLACEHOLDER.findall(text))
        added = [m for m in PLACEHOLDER.finditer(fixed) if m.group() not in old]
        out["placeholders"] = len(added)
        out["unsafe_problems"] += [
            f"placeholder not reported: {m.group()}"
            for m in added
            if not any(a <= m.start() and m.end() <= b for a, b in spans)
        ]
    return out


def _key(f: Finding) -> str:
    """A finding by rule and concept: a fix may move it, or change a count in its message."""
    return f"{f.code} {f.name} {f.concept or ''}".rstrip()


def _content_lines(inserted: str) -> list[str]:
    """Lines of inserted text that would stand in the ad as content: not blank, not a heading,
    not a [[placeholder]] bullet."""
    lines = [ln.strip() for ln in inserted.splitlines()]
    return [
        ln
        for ln in lines
        if ln and not ln.startswith("#") and not re.fullmatch(r"(?:[-*+•]|\d+[.)])?\s*\[\[.+\]\]", ln)
    ]


@cache
def _section_nouns() -> tuple[tuple[str, str], ...]:
    """(noun, genus) of every German section name a section rule's messages may use."""
    from jdlint.catalog import catalogue

    return tuple(
        (str(name["de"]["text"]), str(name["de"]["genus"]))
        for rule in catalogue(())
        if rule.kind == "section"
        for name in (rule.data.get("names") or {}).values()
        if isinstance(name.get("de"), dict)
    )


def _bad_case(message: str) -> bool:
    """A German message naming a section after "zu" in a form its genus does not take
    ("zu Angebot", "zum Aufgaben"): the forms checked here are written out independently."""
    for noun, genus in _section_nouns():
        for m in re.finditer(rf"\b(zu(?:m|r)?(?: den| dem| der)?) {re.escape(noun)}\b", message):
            if m.group(1) != _DATIVE[genus]:
                return True
    return False


def run(corpus: Path, jobs: int = 2) -> list[dict[str, Any]]:
    paths = sorted(str(p) for p in corpus.glob("*/*.md"))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(check_posting, paths, chunksize=4)


def summary(rows: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    safe = sum(r["safe_fixes"] for r in rows)
    placeholders = sum(r.get("placeholders", 0) for r in rows)
    figures = [
        f"postings: {len(rows)} ({sum(r['lang'] == 'en' for r in rows)} en, {sum(r['lang'] == 'de' for r in rows)} de)",
        f"findings (preview on): {sum(r['findings'] for r in rows)}",
        f"messages with an example from another role family: {sum(len(r['foreign']) for r in rows)}",
        f"German messages failing the article/case check: {sum(len(r['german']) for r in rows)}",
        f"postings with safe fixes: {sum(bool(r['safe_fixes']) for r in rows)} ({safe} fixes)",
        f"unsafe insertions: {sum(r['insertions'] for r in rows)}, placeholders they leave: {placeholders}",
    ]
    problems = [
        f"{r['path']}: {p}"
        for r in rows
        for key in ("foreign", "german", "safe_problems", "unsafe_problems")
        for p in r[key]
    ]
    return figures, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}; pass --corpus")
    figures, problems = summary(run(args.corpus, args.jobs))
    print("\n".join(figures))
    print("\n".join(problems) or "no problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
