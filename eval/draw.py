"""Draw postings at random from the shared corpus, stratified by language and customer-service flag.

    python eval/draw.py --seed 2026113001 --en 85:28 --de 75:6 > list.txt

`--en TOTAL:CS` asks for TOTAL English postings of which CS are customer-service ones (by
MANIFEST.tsv). Every posting already in a label set or judgement file under eval/ is left out,
and so is every file named with --exclude, so a new draw never reuses a posting.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

EVAL = Path(__file__).resolve().parent


def used() -> set[str]:
    """Every posting path named in eval/*.yaml (labels of both splits, judgements)."""
    names: set[str] = set()
    for path in EVAL.glob("*.yaml"):
        names |= set(re.findall(r"\b(?:en|de)/[\w.-]+\.md\b", path.read_text(encoding="utf-8")))
    return names


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=EVAL.parent.parent / "shared" / "corpus")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--en", default="0:0")
    ap.add_argument("--de", default="0:0")
    ap.add_argument("--exclude", type=Path, action="append", default=[])
    args = ap.parse_args()
    skip = used() | {line.strip() for f in args.exclude for line in f.read_text().splitlines()}
    with (args.corpus / "MANIFEST.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["file"] not in skip]
    rng = random.Random(args.seed)
    picked: list[str] = []
    for lang, spec in (("en", args.en), ("de", args.de)):
        total, cs = (int(n) for n in spec.split(":"))
        for flag, n in (("yes", cs), ("no", total - cs)):
            pool = sorted(r["file"] for r in rows if r["language"] == lang and r["is_customer_service"] == flag)
            picked += rng.sample(pool, min(n, len(pool)))
    print("\n".join(sorted(picked)))


if __name__ == "__main__":
    main()
