"""Build jdlint's lexicons (jdlint.lexicon), HanTa's analyses of the most frequent word forms.

pip install 'spacy-lookups-data==1.0.5' && python -m jdlint.models.build_lexicon [en] [de] [--out DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from jdlint.lexicon import MAX_WORD, MODELS, SIZES, ask, encode, path, stamp

_SOURCE = "1.0.5"  # the spacy-lookups-data release the shipped tables were built from


def probabilities(lang: str) -> Path:
    """spacy-lookups-data's table of word probabilities (not a dependency of jdlint: installed,
    it would change what spaCy's blank pipelines load)."""
    try:
        import spacy_lookups_data  # type: ignore[import-not-found]
    except ImportError:
        sys.exit(f"spacy-lookups-data is not installed: pip install 'spacy-lookups-data=={_SOURCE}'")
    return Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lexeme_prob.json.gz"


def frequent(lang: str, n: int, data: Path) -> list[str]:
    """The n most probable word forms of a table of word probabilities (JSON, gzipped), in
    lower case, that jdlint would give to HanTa whole (a German form with a hyphen is
    analysed part by part)."""
    with gzip.open(data, "rt", encoding="utf-8") as f:
        probs: dict[str, float] = json.load(f)
    out: dict[str, None] = {}
    for form in sorted(probs, key=lambda w: (-probs[w], w)):
        low = form.lower()
        # words, with an apostrophe, a full stop or a hyphen at most ("n't", "z.b."): no links,
        # numbers or emoticons, which the tokenizer splits or jdlint does not analyse
        word = any(map(str.isalpha, low)) and all(c.isalpha() or c in "'’.-" for c in low) and len(low) <= MAX_WORD
        if word and not (lang == "de" and "-" in low.strip("-")):
            out[low] = None
            if "'" in low:  # the same form as typeset ("n’t"), which HanTa reads as another word
                out[low.replace("'", "’")] = None
            if len(out) >= n:
                break
    return list(out)


def build(lang: str, words: Iterable[str], target: Path) -> int:
    """Write the table of the words' answers to target; return its number of rows."""
    from jdlint.hanta import Tagger

    tagger = Tagger(MODELS[lang])

    def answer(word: str, low: str) -> str | None:
        raw = ask(tagger, word)
        # a row keeps only the morphemes' lengths: they must spell the word
        return encode(low, raw) if "".join(m for m, _ in raw[1]) == low else None

    rows: dict[str, str] = {}
    for low in words:
        value = answer(low, low)
        cap = low[:1].upper() + low[1:]
        if value is None or cap.lower() != low:
            continue  # its capitalised form cannot be built ("ß…"); with no row of its own it would read this
        rows[low] = value
        if cap != low:
            upper = answer(cap, low)
            if upper is not None and upper != value:
                rows["^" + low] = upper
            elif upper is None:
                del rows[low]  # else the capitalised form, which has no row, would read this one
    tmp = target.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(tmp)) as conn:
        conn.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
        conn.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('hanta', ?)", (stamp(lang),))
        conn.executemany("INSERT INTO kv VALUES (?, ?)", sorted(rows.items()))
        conn.commit()
        conn.execute("VACUUM")
    tmp.replace(target)
    return len(rows)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m jdlint.models.build_lexicon", description=__doc__.splitlines()[0])
    ap.add_argument("langs", nargs="*", metavar="LANG", help=f"{' or '.join(MODELS)} (default: both)")
    ap.add_argument("--out", type=Path, help="the folder to write to (default: jdlint's models)")
    ap.add_argument("--size", type=int, help=f"how many word forms (default: {SIZES})")
    args = ap.parse_args(argv)
    if set(args.langs) - set(MODELS):
        ap.error(f"unknown language: {', '.join(sorted(set(args.langs) - set(MODELS)))}")
    for lang in args.langs or list(MODELS):
        target = args.out / path(lang).name if args.out else path(lang)
        count = build(lang, frequent(lang, args.size or SIZES[lang], probabilities(lang)), target)
        print(f"{target}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
