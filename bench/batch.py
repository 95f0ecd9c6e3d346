"""Benchmarks for batch linting, cold start, scaling and memory.

    python bench/batch.py [--corpus ../shared/corpus] [--runs 3] [--postings 240]

Every figure is a median over --runs, quoted with a ratio to something measured in the same
run (these machines are shared and noisy, so only ratios travel):
- batch: `jdlint DIR` over N postings against proselint over the same files;
- cold start: `jdlint posting.md` (one ~400-word posting) against `python -c "import spacy"`;
- scaling: in-process lint time of one posting repeated 1x, 4x and 16x (time per word);
- memory: peak resident memory of the batch run and of a 5 MB file.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], runs: int) -> tuple[float, int]:
    """Median wall time of a command, and the peak RSS (KB) of its last run."""
    times = []
    peak = 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return statistics.median(times), peak


def pick(corpus: Path, n: int) -> list[Path]:
    files = sorted(corpus.glob("en/*.md")) + sorted(corpus.glob("de/*.md"))
    step = max(1, len(files) // n)
    chosen = files[::step][:n]
    while len(chosen) < n:  # copies, should the corpus be smaller than asked
        chosen += chosen[: n - len(chosen)]
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--postings", type=int, default=240)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}; pass --corpus")
    jdlint = [sys.executable, "-m", "jdlint"]
    proselint = shutil.which("proselint")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp, "postings")
        d.mkdir()
        for i, f in enumerate(pick(args.corpus, args.postings)):
            shutil.copy(f, d / f"{i:04d}-{f.name}")
        files = sorted(str(p) for p in d.iterdir())
        words = sum(len(Path(f).read_text(encoding="utf-8").split()) for f in files)
        print(f"{len(files)} postings, {words} words, {os.cpu_count()} cores, {args.runs} runs each (medians)\n")

        t_j, peak_j = timed([*jdlint, "--statistics", str(d)], args.runs)
        t_j1, _ = timed([*jdlint, "--statistics", "-j", "1", str(d)], args.runs)
        print(f"batch   jdlint (all cores)   {t_j:7.2f} s   peak {peak_j / 1024:.0f} MB")
        print(f"batch   jdlint -j 1          {t_j1:7.2f} s   ({t_j1 / t_j:.2f}x the all-core time)")
        if proselint:
            t_p, _ = timed([proselint, "check", *files], args.runs)
            print(f"batch   proselint            {t_p:7.2f} s   jdlint/proselint = {t_j / t_p:.2f}")
        else:
            print("batch   proselint not installed (pip install proselint) - no peer figure")

        one = next((f for f in files if 350 <= len(Path(f).read_text(encoding="utf-8").split()) <= 450), files[0])
        t_spacy, _ = timed([sys.executable, "-c", "import spacy"], args.runs + 2)
        t_cold, _ = timed([*jdlint, one], args.runs + 2)
        bar = 2 * t_spacy + 0.3
        print(f"\ncold    import spacy         {t_spacy:7.2f} s")
        print(
            f"cold    jdlint one posting   {t_cold:7.2f} s   bar 2x+0.3 s = {bar:.2f} s"
            f" -> {t_cold / bar:.2f} of the bar"
        )

        big = Path(tmp, "big.md")
        base = text = Path(one).read_text(encoding="utf-8")
        big.write_text((base + "\n\n") * max(1, 5_000_000 // len(base.encode())), encoding="utf-8")
        t_big, peak_big = timed([*jdlint, "--exit-zero", str(big)], 1)
        print(f"\nmemory  5 MB file            {t_big:7.2f} s   peak {peak_big / 1024:.0f} MB")

    sys.path.insert(0, str(ROOT / "src"))
    from jdlint import lint_text

    lint_text(text)  # warm: pipelines and word cache
    per_word = {}
    for k in (1, 4, 16):
        doc = "\n\n".join([text] * k)
        n = len(doc.split())
        samples = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            lint_text(doc)
            samples.append(time.perf_counter() - t0)
        per_word[k] = statistics.median(samples) / n
        print(
            f"scaling {k:2d}x ({n:6d} words)    {statistics.median(samples):7.3f} s   "
            f"{per_word[k] * 1e6:.0f} us/word ({per_word[k] / per_word[1]:.2f}x the 1x rate)"
        )


if __name__ == "__main__":
    main()
