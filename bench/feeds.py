"""Benchmark of `jdlint batch` over a job-board feed built from the corpus.

    python bench/feeds.py [--corpus ../shared/corpus] [--limit N] [--runs 1]

Writes every posting of the corpus (or the first N) into a JSON Lines feed (id: the file's
path in the corpus, text: its content), then times, end to end (start-up included), the batch
with `-j 1`, on every core, and on a Dask LocalCluster with one single-threaded worker per core
(its start-up included), each without the on-disk cache. Prints postings per second and the
ratio to `-j 1` measured in the same run (these machines are shared and noisy, so only ratios
travel). Then checks that the three outputs are the same rows and that each posting's findings
equal what `jdlint --format json` reports for its file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("code", "start", "end", "message", "line", "column")


def timed(cmd: list[str], runs: int) -> tuple[float, bytes]:
    """Median wall time of a command, and the output file of its last run."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        times.append(time.perf_counter() - t0)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit {done.returncode}\n{done.stderr.decode()}")
    return statistics.median(times), Path(cmd[cmd.index("--output") + 1]).read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=0, help="Use the first N postings (default: all).")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}; pass --corpus")
    files = sorted(args.corpus.glob("en/*.md")) + sorted(args.corpus.glob("de/*.md"))
    files = files[: args.limit] if args.limit else files
    ids = [f.relative_to(args.corpus).as_posix() for f in files]
    jdlint = [sys.executable, "-m", "jdlint"]
    # Every run computes every analysis: a cache one run fills would flatter the next.
    os.environ["JDLINT_NO_CACHE"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp, "feed.jsonl")
        with feed.open("w", encoding="utf-8") as fh:
            for i, f in zip(ids, files):
                fh.write(json.dumps({"id": i, "text": f.read_bytes().decode("utf-8")}, ensure_ascii=False) + "\n")
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        print(f"{os.cpu_count()} cores, {len(files)} postings, {words} words, {args.runs} run(s) each (medians)\n")
        runs = {
            "-j 1": ["-j", "1"],
            "all cores": [],
            "Dask LocalCluster": ["--scheduler", "local"],
        }
        outputs: dict[str, bytes] = {}
        base = 0.0
        for name, extra in runs.items():
            out = str(Path(tmp, f"{len(outputs)}.jsonl"))
            seconds, outputs[name] = timed([*jdlint, "batch", str(feed), *extra, "--output", out], args.runs)
            base = base or seconds
            print(
                f"  batch {name:<18} {seconds:7.2f} s   {len(files) / seconds:7.1f} postings/s   "
                f"{base / seconds:.2f}x -j 1"
            )
        same = len(set(outputs.values())) == 1
        print(f"\nthe three runs give the same rows, in the same order: {'yes' if same else 'NO'}")

        done = subprocess.run([*jdlint, "--format", "json", *map(str, files)], capture_output=True, check=False)
        rows = [json.loads(line) for line in outputs["-j 1"].decode("utf-8").splitlines()]
        by_id: dict[str, list[tuple[object, ...]]] = {i: [] for i in ids}
        for r in rows:
            by_id[r["id"]].append(tuple(r.get(k) for k in KEYS) if "error" not in r else ("error", r["error"]))
        differ = [
            i
            for i, result in zip(ids, json.loads(done.stdout))
            if by_id[i] != [tuple(f[k] for k in KEYS) for f in result["findings"]]
        ]
        print(
            f"batch = `jdlint --format json`, posting by posting ({len(rows)} findings): "
            + ("yes" if not differ else f"NO, {len(differ)} differ: {', '.join(differ[:5])}")
        )
        if differ or not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
