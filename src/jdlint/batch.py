"""`jdlint batch FEED`: lint a job board's feed (JSON Lines, CSV or Parquet) on every core or
on a Dask cluster, one output row per finding.

The feed streams through: rows are read, linted and written a block at a time, with only a
few blocks in flight, so a feed of millions of postings never sits in memory at once."""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from html import escape
from itertools import islice
from pathlib import Path
from typing import IO, Any

import click

from .api import lint_bytes
from .config import LANGS, Config
from .model import Finding, Result, severity_rank
from .parallel import IN_FLIGHT, PER_TASK, R, T, chunks, fork_map, in_order, pool_size, run_task
from .reporters.machine import finding_dict
from .source import InputError
from .yamlio import ConfigError

BLOCK = 1000  # rows read from the feed, and rows written, at a time

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_HINT = "pip install 'jdlint[parquet]'"
DASK_HINT = "pip install 'jdlint[dask]'"


class BatchError(Exception):
    """The feed, the output or the cluster as a whole cannot be used: exit code 2."""


@dataclass(frozen=True)
class Columns:
    """Which columns of the feed hold what (title and language are optional)."""

    id: str = "id"
    text: str = "text"
    title: str | None = None
    language: str | None = None

    def named(self) -> list[str]:
        return [c for c in (self.id, self.text, self.title, self.language) if c]


def dask_map(func: Callable[[T], R], items: Iterable[T], scheduler: str, per_task: int = PER_TASK) -> Iterator[R]:
    """`func` over `items` on a Dask cluster, task by task, results in input order. `scheduler`
    is a scheduler's address, or `local` for a cluster of one single-threaded worker per core."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BatchError(f"--scheduler needs Dask: {DASK_HINT}") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=pool_size(0), threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        window = max(1, sum(client.nthreads().values())) * IN_FLIGHT
        yield from in_order(
            lambda task: client.submit(run_task, func, task, pure=False).result, chunks(iter(items), per_task), window
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- reading the feed -------------------------------------------------------------------------


def _feed_error(feed: str, missing: list[str], present: Iterable[str], where: str = "") -> BatchError:
    names = ", ".join(repr(c) for c in present) or "none"
    which = ", ".join(repr(c) for c in missing)
    return BatchError(f"{feed}: no column {which}{where}; its columns are: {names} (choose with --id and --text)")


def _check_columns(feed: str, cols: Columns, present: list[str], where: str = "") -> None:
    missing = [c for c in cols.named() if c not in present]
    if missing:
        raise _feed_error(feed, missing, present, where)


def _job(raw: dict[str, Any], row: int, cols: Columns) -> dict[str, Any]:
    """The posting one feed row holds, with only the columns needed; or why it cannot be linted."""
    pid = raw.get(cols.id)
    if pid is None or str(pid).strip() == "":
        return {"id": f"row {row}", "error": f"row {row}: no value in column {cols.id!r}"}
    pid = str(pid)
    text = raw.get(cols.text)
    if not isinstance(text, str):
        kind = "no value" if text is None else f"a {type(text).__name__}, not text,"
        return {"id": pid, "error": f"row {row}: {kind} in column {cols.text!r}"}
    if not text.strip():
        return {"id": pid, "error": f"row {row}: column {cols.text!r} is empty"}
    job: dict[str, Any] = {"id": pid, "text": text}
    title = raw.get(cols.title) if cols.title else None
    if isinstance(title, str) and title.strip():
        job["title"] = title.strip()
    language = raw.get(cols.language) if cols.language else None
    if isinstance(language, str) and language.strip().lower() not in ("", "auto"):
        if language.strip().lower() not in LANGS:
            return {"id": pid, "error": f"row {row}: language {language!r} is not one of: auto, {', '.join(LANGS)}"}
        job["language"] = language.strip().lower()
    return job


def _jsonl(stream: IO[bytes], feed: str, cols: Columns) -> Iterator[dict[str, Any]]:
    def rows() -> Iterator[dict[str, Any]]:
        with stream:
            for n, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except ValueError as exc:  # JSONDecodeError, or bytes that are not UTF-8
                    yield {"_row": n, "_error": f"line {n}: not JSON ({exc})"}
                    continue
                if not isinstance(value, dict):
                    yield {"_row": n, "_error": f"line {n}: not a JSON object"}
                else:
                    yield {"_row": n, **value}

    it = rows()
    # JSON Lines has no header: a column that none of the first block's rows has is missing.
    first = list(islice(it, BLOCK))
    present = list(dict.fromkeys(k for r in first for k in r if not k.startswith("_")))
    if first and any("_error" not in r for r in first):
        missing = [c for c in (cols.id, cols.text) if c not in present]
        if missing:
            raise _feed_error(feed, missing, present, f" in its first {len(first)} rows")
    return _jobs(iter(first), it, cols=cols)


def _jobs(*parts: Iterator[dict[str, Any]], cols: Columns) -> Iterator[dict[str, Any]]:
    for part in parts:
        for raw in part:
            if "_error" in raw:
                yield {"id": f"line {raw['_row']}", "error": raw["_error"]}
            else:
                yield _job(raw, raw["_row"], cols)


def _csv(path: str, cols: Columns) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(2**31 - 1)  # a posting's HTML easily passes the default 128 KB per field
    fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the generator below
    reader = csv.DictReader(fh)
    try:
        header = list(reader.fieldnames or [])
    except (csv.Error, UnicodeDecodeError) as exc:
        fh.close()
        raise BatchError(f"{path}: not valid CSV ({exc})") from None
    if any(c not in header for c in cols.named()):
        fh.close()
        _check_columns(path, cols, header)

    def rows() -> Iterator[dict[str, Any]]:
        with fh:
            try:
                for n, raw in enumerate(reader, 1):
                    yield _job(raw, n, cols)
            except (csv.Error, UnicodeDecodeError) as exc:
                raise BatchError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None

    return rows()


def _parquet(path: str, cols: Columns) -> Iterator[dict[str, Any]]:
    pq = _pyarrow_parquet("reading")
    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow: ArrowInvalid is a ValueError, ArrowIOError an OSError
        raise BatchError(f"{path}: not a Parquet file ({exc})") from None
    _check_columns(path, cols, list(pf.schema_arrow.names))

    def rows() -> Iterator[dict[str, Any]]:
        n = 0
        with pf:
            for batch in pf.iter_batches(batch_size=BLOCK, columns=cols.named()):
                for raw in batch.to_pylist():
                    n += 1
                    yield _job(raw, n, cols)

    return rows()


def _pyarrow_parquet(doing: str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError(f"{doing} Parquet needs pyarrow: {PARQUET_HINT}") from None
    return pq


def read_feed(feed: str, cols: Columns) -> Iterator[dict[str, Any]]:
    """The feed's postings, in order, as jobs for `lint_posting`. Raises BatchError at once
    when the feed as a whole cannot be read (its format, a missing column)."""
    if feed == "-":
        return _jsonl(sys.stdin.buffer, "<stdin>", cols)
    suffix = Path(feed).suffix.lower()
    if suffix not in (*JSONL_SUFFIXES, ".csv", ".parquet"):
        raise BatchError(f"{feed}: a feed is .jsonl, .ndjson, .csv or .parquet (or - for JSON Lines on stdin)")
    if not Path(feed).is_file():
        raise BatchError(f"{feed}: no such file")
    try:
        if suffix == ".parquet":
            return _parquet(feed, cols)
        if suffix == ".csv":
            return _csv(feed, cols)
        fh = open(feed, "rb")  # noqa: SIM115 - read to the end by the generator
        return _jsonl(fh, feed, cols)
    except OSError as exc:
        raise BatchError(f"{feed}: {exc.strerror or exc}") from None


def count_postings(feed: str) -> int | None:
    """How many rows the feed holds, for the progress bar (None when it cannot tell cheaply)."""
    suffix = Path(feed).suffix.lower()
    try:
        if suffix == ".parquet":
            return int(_pyarrow_parquet("reading").ParquetFile(feed).metadata.num_rows)
        if suffix == ".csv":
            with open(feed, encoding="utf-8-sig", newline="") as fh:
                return max(0, sum(1 for _ in csv.reader(fh)) - 1)
        if suffix in JSONL_SUFFIXES:
            with open(feed, "rb") as fh:
                return sum(1 for line in fh if line.strip())
    except (OSError, csv.Error, UnicodeDecodeError, BatchError):
        pass
    return None


# --- linting ----------------------------------------------------------------------------------

_CLOSING_TAG = re.compile(r"</[A-Za-z][\w:-]*\s*>")
_TAG = re.compile(r"<[^>]*>")


def looks_like_html(text: str) -> bool:
    """Job boards store descriptions as HTML: a text that opens with a tag and closes one."""
    return text.lstrip().startswith("<") and _CLOSING_TAG.search(text) is not None


def with_title(text: str, title: str | None, html: bool) -> str:
    """The text with its title on top as a heading, unless it already opens with that title.
    Findings' offsets refer to the text as linted, title included."""
    if not title:
        return text
    opening = " ".join(_TAG.sub(" ", text[: len(title) * 4 + 200]).lstrip(" \t\r\n#*").split())
    if opening.casefold().startswith(" ".join(title.split()).casefold()):
        return text
    return f"<h1>{escape(title)}</h1>\n{text}" if html else f"# {title}\n\n{text}"


def lint_posting(job: dict[str, Any], config: Config) -> list[dict[str, Any]]:
    """The output rows of one posting: one per finding, or one saying why it failed."""
    pid = job["id"]
    if "error" in job:
        return [{"id": pid, "error": job["error"]}]
    html = looks_like_html(job["text"])
    text = with_title(job["text"], job.get("title"), html)
    try:
        result = lint_bytes(
            text.encode("utf-8"),
            f"{pid}.html" if html else f"{pid}.md",
            config.with_overrides(language=job.get("language")),
        )
    except (InputError, ConfigError) as exc:
        return [{"id": pid, "error": str(exc)}]
    except UnicodeEncodeError:
        return [{"id": pid, "error": f"{pid}: the text holds characters that are not Unicode (lone surrogates)"}]
    except Exception as exc:  # one posting that trips a bug must not end a run over millions
        return [{"id": pid, "error": f"{pid}: internal error: {type(exc).__name__}: {exc}"}]
    if result.error:
        return [{"id": pid, "error": result.error}]
    return [{"id": pid, **finding_dict(result, f)} for f in result.findings]


# --- writing ----------------------------------------------------------------------------------


class _JsonLinesWriter:
    def __init__(self, path: str | None) -> None:
        self.out: IO[bytes] = open(path, "wb") if path else sys.stdout.buffer  # noqa: SIM115

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.out.write(b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in rows))
        self.out.flush()

    def close(self) -> None:
        if self.out is not sys.stdout.buffer:
            self.out.close()


class _ParquetWriter:
    """Parquet needs one type per column: `fix` goes in as a JSON string, and an error row
    leaves the finding columns null."""

    def __init__(self, path: str) -> None:
        pq = _pyarrow_parquet("writing")
        import pyarrow as pa

        sample = finding_dict(Result("", "x", "", "", ""), Finding("", "", "hint", "", 0, 1))
        fields = [("id", pa.string())]
        fields += [(k, pa.int64() if isinstance(v, int) else pa.string()) for k, v in sample.items()]
        self.schema = pa.schema([*fields, ("error", pa.string())])
        self.pa = pa
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, rows: list[dict[str, Any]]) -> None:
        flat = [{**r, "fix": json.dumps(r["fix"], ensure_ascii=False)} if r.get("fix") else r for r in rows]
        self.writer.write_table(self.pa.Table.from_pylist(flat, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def open_output(path: str | None) -> _JsonLinesWriter | _ParquetWriter:
    suffix = Path(path).suffix.lower() if path else ".jsonl"
    if suffix not in (*JSONL_SUFFIXES, ".parquet"):
        raise BatchError(f"--output {path}: write .jsonl, .ndjson or .parquet")
    try:
        return _ParquetWriter(str(path)) if suffix == ".parquet" else _JsonLinesWriter(path)
    except OSError as exc:
        raise BatchError(f"--output {path}: {exc.strerror or exc}") from None


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Summary:
    postings: int = 0
    findings: int = 0
    errors: int = 0
    failing: bool = False  # a finding at or above the fail level
    seconds: float = 0.0
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, rows: list[dict[str, Any]], fail_level: str) -> None:
        self.postings += 1
        for r in rows:
            if "error" in r:
                self.errors += 1
                continue
            self.findings += 1
            self.rules[(r["code"], r["name"])] += 1
            if fail_level != "never" and severity_rank(r["severity"]) >= severity_rank(fail_level):
                self.failing = True

    def text(self, top: int = 5) -> str:
        rate = self.postings / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.postings:,} postings, {self.findings:,} findings, {self.errors:,} errors "
            f"in {self.seconds:.1f} s ({rate:,.1f} postings/s)"
        ]
        if self.rules:
            lines.append("top rules:")
            lines += [f"  {n:>8,}  {code}  {name}" for (code, name), n in self.rules.most_common(top)]
        return "\n".join(lines) + "\n"


def run(
    feed: str,
    cols: Columns,
    config: Config,
    output: str | None = None,
    jobs: int = 0,
    scheduler: str | None = None,
    progress: bool = False,
) -> Summary:
    """Lint every posting of the feed and write the rows; raises BatchError before writing
    anything when the feed, the output or the cluster cannot be used."""
    if scheduler:
        try:
            import distributed  # noqa: F401 - only to fail before reading the feed
        except ImportError:
            raise BatchError(f"--scheduler needs Dask: {DASK_HINT}") from None
    started = time.perf_counter()
    jobs_in = read_feed(feed, cols)
    total = count_postings(feed) if progress and feed != "-" else None
    writer = open_output(output)
    lint = partial(lint_posting, config=config)
    per_posting = dask_map(lint, jobs_in, scheduler) if scheduler else fork_map(lint, jobs_in, pool_size(jobs, total))
    summary = Summary()
    block: list[dict[str, Any]] = []
    try:
        with click.progressbar(
            per_posting, length=total, label="Linting", hidden=not progress, file=sys.stderr, show_pos=True
        ) as bar:
            for rows in bar:
                summary.add(rows, config.fail_level)
                block += rows
                if len(block) >= BLOCK:
                    writer.write(block)
                    block = []
        if block:
            writer.write(block)
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary
