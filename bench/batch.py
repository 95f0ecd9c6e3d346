"""Benchmarks for batch linting, cold start, scaling and memory.

    python bench/batch.py [--corpus ../shared/corpus] [--runs 1]

Every figure is a median over --runs, quoted with a ratio to something measured in the same
run (these machines are shared and noisy, so only ratios travel). The commands a ratio compares
run in turn, once each per run, so that both sides meet the same state of the machine: its
speed drifts over minutes, and a ratio of figures taken minutes apart moves by a fifth.
- batch, per language, over every posting of the corpus: `jdlint -j 1 DIR` against
  `proselint check` over the same files (one process each), with no on-disk cache (a first
  run), with the cache a first run leaves (every later run) and, on every other posting,
  with the cache the rest left (a user who linted other postings before), then `jdlint DIR`
  on every core; words per second against spaCy's blank tokenizer alone over the same texts (the floor);
- cold start: `jdlint posting.md` (one ~400-word posting) against `python -c "import spacy"`,
  with no cache and with a warm one;
- scaling: in-process lint time of one posting repeated 1x, 4x and 16x (time per word);
- memory: peak resident memory of the batch run and of a 5 MB file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


NO_CACHE = {"JDLINT_NO_CACHE": "1"}


Command = tuple[list[str], Callable[[int], dict[str, str]]]  # the command, and its environment in each run


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time of one run of a command, and its own peak RSS (KB)."""
    t0 = time.perf_counter()
    child = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here: Popen must not wait for it again
    return time.perf_counter() - t0, usage.ru_maxrss


def alternate(commands: dict[str, Command], runs: int) -> dict[str, tuple[float, int]]:
    """Each command's median wall time and largest peak RSS (KB), the commands run in turn."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks = dict.fromkeys(commands, 0)
    for run in range(runs):
        for name, (cmd, env) in commands.items():
            seconds, peak = run_once(cmd, env(run))
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def same(env: dict[str, str]) -> Callable[[int], dict[str, str]]:
    return lambda run: env


def tokenizer_seconds(lang: str, texts: list[str], runs: int) -> float:
    """The floor: spaCy's blank tokenizer alone over the texts, in process."""
    import spacy

    times = []
    for _ in range(runs):
        nlp = spacy.blank(lang)  # a fresh one each run: the tokenizer caches what it has split
        t0 = time.perf_counter()
        for t in texts:
            nlp.make_doc(t)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}; pass --corpus")
    jdlint = [sys.executable, "-m", "jdlint"]
    proselint = shutil.which("proselint")
    if not proselint:
        print("proselint not installed (pip install proselint): no peer figures\n")
    # A cache of this run's own, filled by the first runs below, never the user's.
    os.environ["JDLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="jdlint-bench-cache-")
    files: list[str] = []
    totals = {"jdlint": 0.0, "warm": 0.0, "proselint": 0.0}
    print(f"{os.cpu_count()} cores, {args.runs} run(s) each (medians)\n")
    for lang in ("en", "de"):
        folder = args.corpus / lang
        paths = sorted(str(p) for p in folder.glob("*.md"))
        files += paths
        texts = [Path(p).read_text(encoding="utf-8") for p in paths]
        words = sum(len(t.split()) for t in texts)
        floor = tokenizer_seconds(lang, texts, args.runs)
        cache = os.environ["JDLINT_CACHE_DIR"]
        run_once([*jdlint, "-j", "1", str(folder)])  # fills the cache: every later run meets it ("warm")
        # The cache another set of postings left: half the postings linted with what the other half
        # filled in (what a user meets who has linted other postings before; "warm" is a re-run).
        first, second = paths[0::2], paths[1::2]
        with tempfile.TemporaryDirectory() as other:
            filled = Path(other, "filled")
            run_once([*jdlint, "-j", "1", *first], {"JDLINT_CACHE_DIR": str(filled)})

            def copy_of_filled(run: int, filled: Path = filled, other: str = other) -> dict[str, str]:
                shutil.copytree(filled, Path(other, str(run)))  # each run on a copy: a run adds the words it meets
                return {"JDLINT_CACHE_DIR": str(Path(other, str(run)))}

            commands: dict[str, Command] = {
                "no cache": ([*jdlint, "--statistics", "-j", "1", str(folder)], same(NO_CACHE)),
                "warm": ([*jdlint, "--statistics", "-j", "1", str(folder)], same({"JDLINT_CACHE_DIR": cache})),
                "all cores": ([*jdlint, "--statistics", str(folder)], same({"JDLINT_CACHE_DIR": cache})),
                "other": ([*jdlint, "--statistics", "-j", "1", *second], copy_of_filled),
            }
            if proselint:
                commands["proselint"] = ([proselint, "check", *paths], same({}))
                commands["proselint other"] = ([proselint, "check", *second], same({}))
            got = alternate(commands, args.runs)
        (t_j1, peak), (t_warm, _), (t_j, _), (t_other, _) = (got[k] for k in ("no cache", "warm", "all cores", "other"))
        print(f"{lang}: {len(paths)} postings, {words} words")
        print(f"  jdlint -j 1, no cache {t_j1:7.2f} s   {words / t_j1:8.0f} words/s   peak {peak / 1024:.0f} MB")
        print(f"  jdlint -j 1, warm     {t_warm:7.2f} s   {words / t_warm:8.0f} words/s")
        print(f"  jdlint (all cores)    {t_j:7.2f} s   {t_warm / t_j:.2f}x faster than one process (warm)")
        rate = words / floor
        print(f"  spaCy tokenizer only  {floor:7.2f} s   {rate:8.0f} words/s   jdlint -j 1 = {t_j1 / floor:.1f}x")
        if proselint:
            t_p, t_p2 = got["proselint"][0], got["proselint other"][0]
            print(
                f"  proselint (1 process) {t_p:7.2f} s   jdlint -j 1 / proselint = "
                f"{t_j1 / t_p:.2f} (no cache), {t_warm / t_p:.2f} (warm)"
            )
            print(
                f"  every other posting   {t_other:7.2f} s   with the cache of the rest: {t_other / t_p2:.2f} proselint"
            )
            totals["proselint"] += t_p
        totals["jdlint"] += t_j1
        totals["warm"] += t_warm
        print()
    if totals["proselint"]:
        print(
            f"whole corpus, one process each: jdlint / proselint = {totals['jdlint'] / totals['proselint']:.2f}"
            f" (no cache), {totals['warm'] / totals['proselint']:.2f} (warm)\n"
        )
    with tempfile.TemporaryDirectory() as tmp:
        one = next((f for f in files if 350 <= len(Path(f).read_text(encoding="utf-8").split()) <= 450), files[0])
        cold = alternate(
            {
                "spacy": ([sys.executable, "-c", "import spacy"], same({})),
                "no cache": ([*jdlint, one], same(NO_CACHE)),
                "warm": ([*jdlint, one], same({})),
            },
            args.runs + 2,
        )
        t_spacy, t_cold, t_cold_warm = (cold[k][0] for k in ("spacy", "no cache", "warm"))
        print(f"cold    import spacy         {t_spacy:7.2f} s")
        print(f"cold    jdlint one posting   {t_cold:7.2f} s   {t_cold / t_spacy:.2f}x import spacy (no cache)")
        ratio = t_cold_warm / t_spacy
        print(f"cold    jdlint one posting   {t_cold_warm:7.2f} s   {ratio:.2f}x import spacy (warm cache)")

        big = Path(tmp, "big.md")
        base = text = Path(one).read_text(encoding="utf-8")
        big.write_text((base + "\n\n") * max(1, 5_000_000 // len(base.encode())), encoding="utf-8")
        t_big, peak_big = run_once([*jdlint, "--exit-zero", str(big)])
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
