"""jdlint beside Joblint: for each hit of Joblint's non-technical rules over the corpus, whether
jdlint (default rules) reports the same place, and how that splits by the blind verdict on the
hit (right: a real problem there; wrong: a false alarm).

    python eval/joblint.py                    # the hits and verdicts in eval/joblint.yaml
    python eval/joblint.py --run-joblint      # run Joblint anew (needs node and npm) and list
                                              # the hits nobody has judged yet

Joblint (../shared/peers/joblint) is copied to a temporary folder and installed there; none of
its code or texts is kept in the project, only where it fired (file, rule name, words, offset).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.source import read_source
from jdlint.yamlio import load_file

EVAL = Path(__file__).resolve().parent
VERDICTS = EVAL / "joblint.yaml"
# Joblint's rules about technology (editors, legacy stacks, spelling of JavaScript ...) are
# outside what jdlint is for.
TECHNICAL = {
    "Mention of a development environment",
    "Mention of legacy technology",
    "Use of expanded acronyms",
    "Java script?",
    "Ruby on Rail?",
}


@dataclass(frozen=True)
class Hit:
    file: str  # relative to the corpus: en/x.md
    rule: str  # Joblint's rule name
    text: str  # the words it flagged
    offset: int  # where they stand in the file's text


def run_joblint(corpus: Path, peers: Path) -> list[Hit]:
    """Joblint's non-technical hits over every posting of the corpus."""
    if not (shutil.which("node") and shutil.which("npm")):
        sys.exit("node and npm are needed to run Joblint")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "joblint"
        shutil.copytree(peers / "joblint", home)
        subprocess.run(["npm", "install", "--omit=dev", "--silent"], cwd=home, check=True, capture_output=True)
        hits = []
        for path in sorted(corpus.glob("*/*.md")):
            out = subprocess.run(
                ["node", str(home / "bin" / "joblint.js"), "-r", "json", str(path)], capture_output=True, text=True
            )
            issues = json.loads(out.stdout or "{}").get("issues", [])
            text = read_source(path).text
            rel = f"{path.parent.name}/{path.name}"
            hits += [_hit(rel, text, i) for i in issues if i["name"] not in TECHNICAL and i.get("occurance")]
        return hits


def _hit(rel: str, text: str, issue: dict[str, Any]) -> Hit:
    """Joblint gives a position in its own reading of the text: take the occurrence of the
    flagged words nearest to it."""
    words, near = str(issue["occurance"]), int(issue.get("position") or 0)
    low, needle = text.lower(), words.lower()
    starts, i = [], low.find(needle)
    while i >= 0:
        starts.append(i)
        i = low.find(needle, i + 1)
    return Hit(rel, issue["name"], words, min(starts, key=lambda s: abs(s - near)) if starts else near)


def judged_hits(path: Path = VERDICTS) -> dict[Hit, str]:
    data = load_file(path)
    return {Hit(h["file"], h["rule"], h["text"], h["offset"]): h["verdict"] for h in data["hits"]}


def reported(hits: list[Hit], corpus: Path, preview: bool = False) -> dict[Hit, bool]:
    """Whether jdlint (its default rules, or with preview those still in preview too) has a
    finding on each hit's words: its span overlaps them, or its message names them (one
    finding may name several perks; a finding that quotes only its own words, "'he' ...",
    names no other place)."""
    cfg = Config(preview=preview)
    out = {}
    for file in sorted({h.file for h in hits}):
        source = read_source(corpus / file)
        findings = lint_source(source, cfg).findings
        for h in (h for h in hits if h.file == file):
            end = h.offset + len(h.text)
            quoted = (f"'{h.text.lower()}'", f"„{h.text.lower()}“")
            out[h] = any(
                (f.start < end and h.offset < f.end)
                or (
                    source.text[f.start : f.end].lower() != h.text.lower()
                    and any(q in f.message.lower() for q in quoted)
                )
                for f in findings
            )
    return out


def table(verdicts: dict[Hit, str], seen: dict[Hit, bool]) -> str:
    rows: dict[str, list[int]] = {}  # rule -> hits, right, right reported, wrong, wrong reported
    for h, verdict in verdicts.items():
        r = rows.setdefault(h.rule, [0, 0, 0, 0, 0])
        r[0] += 1
        if verdict == "right":
            r[1] += 1
            r[2] += seen[h]
        else:
            r[3] += 1
            r[4] += seen[h]
    lines = [
        "| Joblint rule | hits | right | jdlint reports of those | wrong | jdlint reports of those |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for rule, (n, right, right_seen, wrong, wrong_seen) in sorted(rows.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"| {rule} | {n} | {right} | {right_seen} | {wrong} | {wrong_seen} |")
    total = [sum(r[i] for r in rows.values()) for i in range(5)]
    lines.append(f"| all | {total[0]} | {total[1]} | {total[2]} | {total[3]} | {total[4]} |")
    right_share = total[2] / total[1] if total[1] else 0.0
    wrong_share = total[4] / total[3] if total[3] else 0.0
    lines += [
        "",
        f"jdlint reports {right_share:.0%} of the places where Joblint is right,"
        f" {wrong_share:.0%} of its false alarms.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=EVAL.parent.parent / "shared" / "corpus")
    ap.add_argument("--peers", type=Path, default=EVAL.parent.parent / "shared" / "peers")
    ap.add_argument("--run-joblint", action="store_true", help="run Joblint anew and list unjudged hits")
    args = ap.parse_args()
    verdicts = judged_hits()
    if args.run_joblint:
        for h in run_joblint(args.corpus, args.peers):
            if h not in verdicts:
                print(f"not judged: {h.file}:{h.offset}: {h.rule}: {h.text!r}")
    for preview in (False, True):
        seen = reported(list(verdicts), args.corpus, preview)
        print(f"\n## jdlint {'with --preview' if preview else 'with its default rules'}\n")
        print(table(verdicts, seen), end="")
        for h, verdict in sorted(verdicts.items(), key=lambda kv: (kv[0].file, kv[0].offset)):
            if (verdict == "right") != seen[h]:
                what = "missed (Joblint right)" if verdict == "right" else "reported (Joblint wrong)"
                print(f"  {what}: {h.file}:{h.offset}: {h.rule}: {h.text!r}")


if __name__ == "__main__":
    main()
