"""Editor latency of the language server, measured as an editor sees it.

A real `jdlint lsp` subprocess is driven over stdio by the test suite's LSP client. For
postings of about 300, 600 and 3,000 words it reports the median (p50) and p95 time from
`didOpen` to the first diagnostics (the server warm: pipelines loaded at `initialized`), and
from a one-character `didChange` (a fresh character each time, as typing does) to the
diagnostics of that version. The baseline, in the same run, is `jdlint.lint_text` of the same
text in this process.

    python bench/lsp_latency.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' LSP client

from lsp_client import LspClient  # noqa: E402

import jdlint  # noqa: E402

EXAMPLE = ROOT / "examples" / "posting.md"


def posting(words: int) -> str:
    """The example posting, padded with duty bullets to about `words` words (or cut to them)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    bullets = []
    i = 0
    while len(text.split()) + sum(len(b.split()) for b in bullets) < words:
        i += 1
        bullets.append(f"- Answer question {i} from customers by phone, e-mail or chat and log the outcome\n")
    return text.replace("## What you bring", "".join(bullets) + "\n## What you bring", 1)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        client = LspClient(Path(tmp))
        client.initialize(Path(tmp))
        for words in (300, 600, 3000):
            text = posting(words)
            n = len(text.split())
            opens, changes, inproc = [], [], []
            for run in range(args.runs):
                uri = (Path(tmp) / f"p{words}-{run}.md").as_uri()
                t0 = time.perf_counter()
                client.open(uri, text)
                client.diagnostics(uri)
                opens.append(time.perf_counter() - t0)
            uri = (Path(tmp) / f"edit{words}.md").as_uri()
            client.open(uri, text)
            client.diagnostics(uri)
            line = text.count("\n", 0, text.index("Leeds"))
            for run in range(args.runs):
                version = run + 2
                change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                          "text": "x" if run % 2 == 0 else ""}  # fmt: skip
                if run % 2:  # take the character out again
                    change["range"]["end"]["character"] = 1  # type: ignore[index]
                t0 = time.perf_counter()
                client.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                client.diagnostics(uri)
                changes.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                jdlint.lint_text(text.replace("Leeds", f"Leeds{run}", 1))
                inproc.append(time.perf_counter() - t0)
            o50, o95 = percentiles(opens)
            c50, c95 = percentiles(changes)
            base = statistics.median(inproc)
            print(
                f"{n:5d} words   didOpen p50 {o50 * 1000:6.0f} ms  p95 {o95 * 1000:6.0f} ms   "
                f"didChange p50 {c50 * 1000:6.0f} ms  p95 {c95 * 1000:6.0f} ms   "
                f"lint_text in process {base * 1000:5.0f} ms (didChange p50 = {c50 / base:.2f}x)"
            )
        client.close()


if __name__ == "__main__":
    main()
