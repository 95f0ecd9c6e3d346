"""Re-lint latency of the language server for a 600-word and a 3,000-word posting.

Measures, in process, the exact call the server makes after a didChange (lsp.diagnose: lint
with the document's configuration, then the publishDiagnostics params), and as a baseline
a plain `jdlint.lint_text` of the same text in the same run. Each edit changes one word, as
typing does, so no cache can return the previous answer.

    python bench/lsp_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import jdlint
from jdlint.lsp import diagnose

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "posting.md"
URI = EXAMPLE.resolve().as_uri()


def posting(words: int) -> str:
    """The example posting, padded with duty bullets to about `words` words."""
    text = EXAMPLE.read_text(encoding="utf-8")
    bullets = []
    i = 0
    while len(text.split()) + sum(len(b.split()) for b in bullets) < words:
        i += 1
        bullets.append(f"- Answer question {i} from customers by phone, e-mail or chat and log the outcome\n")
    return text.replace("## What you bring", "".join(bullets) + "\n## What you bring", 1)


def median_ms(fn: Callable[[str], object], text: str, runs: int) -> float:
    times = []
    for i in range(runs):
        edited = text.replace("Leeds", f"Leeds{i}", 1)  # a fresh edit each run
        t0 = time.perf_counter()
        fn(edited)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    jdlint.lint_text(posting(600))  # load the pipelines once, as a running server has
    print(f"{'words':>6} {'lint_text ms':>13} {'didChange ms':>13} {'ratio':>6}")
    for words in (600, 3000):
        text = posting(words)
        base = median_ms(lambda t: jdlint.lint_text(t, path=str(EXAMPLE)), text, args.runs)
        server = median_ms(lambda t: diagnose(URI, t), text, args.runs)
        print(f"{len(text.split()):>6} {base:>13.1f} {server:>13.1f} {server / base:>6.2f}")


if __name__ == "__main__":
    main()
