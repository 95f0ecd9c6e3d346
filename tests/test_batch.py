"""`jdlint batch FEED` end to end, through the installed console script: JSON Lines, CSV and
Parquet feeds, error rows, the same findings as `jdlint --format json`, and a Dask cluster."""

from __future__ import annotations

import csv
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FINDING_KEYS, ROOT, run

GOOD = (ROOT / "examples" / "posting.md").read_text(encoding="utf-8")
FILLER = "# Support agent\n\nYou answer calls in order to help customers.\n"


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def codes(rows: list[dict[str, Any]], pid: str) -> list[str]:
    return [r["code"] for r in rows if r["id"] == pid and "code" in r]


def test_jsonl_feed_rows_errors_and_exit_code(tmp_path: Path) -> None:
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {"id": "good", "text": GOOD},
            {"id": "bad", "text": FILLER},
            {"id": "no-text"},
            {"id": 7, "text": FILLER},
        ],
    )
    with feed.open("a", encoding="utf-8") as fh:
        fh.write("\n{not json\n")
    r = run("batch", str(feed), "-j", "1")
    assert r.returncode == 2, r.stderr  # rows that could not be linted, as `check` for unreadable files
    assert b"Traceback" not in r.stderr
    rows = read_jsonl(r.stdout)
    assert [r["id"] for r in rows if "error" in r] == ["no-text", "line 6"]
    assert "no value in column 'text'" in next(r["error"] for r in rows if r["id"] == "no-text")
    findings = [r for r in rows if "error" not in r]
    assert all(set(r) == {"id", *FINDING_KEYS} for r in findings)
    assert "JD301" in codes(rows, "bad") and codes(rows, "7") == codes(rows, "bad")  # ids come out as text
    assert len(codes(rows, "good")) < len(codes(rows, "bad"))
    filler = next(r for r in findings if r["id"] == "bad" and r["code"] == "JD301")
    assert (filler["line"], filler["column"], filler["text"]) == (3, 18, "in order to")
    assert filler["fix"]["edits"] == [{"start": filler["start"], "end": filler["end"], "new_text": "to"}]
    summary = r.stderr.decode()
    assert "5 postings" in summary and "2 errors" in summary and "postings/s" in summary
    assert "JD101  missing-section" in summary  # the top rules

    clean = write_jsonl(tmp_path / "clean.jsonl", [{"id": "good", "text": GOOD}])
    done = run("batch", str(clean), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0 and done.stdout == b"", done.stderr
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "bad", "text": FILLER}])
    assert run("batch", str(bad)).returncode == 1
    assert run("batch", str(bad), "--fail-level", "error").returncode == 0
    assert run("batch", str(bad), "--exit-zero").returncode == 0


def test_csv_feed_with_column_options_title_and_language(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    with feed.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["posting_id", "title", "body", "lang"])
        w.writerow(["titled", "Support agent", "You answer calls in order to help customers.\n", "en"])
        w.writerow(["has-title", "Support agent", FILLER, ""])
        w.writerow(["html", "", "<h1>Support agent</h1>\n<p>You answer calls in order to help customers.</p>", "en"])
        w.writerow(["german", "Kundenberater (m/w/d)", "Du beantwortest Anrufe von Kunden.", "de"])
        w.writerow(["french", "", FILLER, "fr"])
    args = ["batch", str(feed), "--id", "posting_id", "--text", "body", "--title", "title", "--language", "lang"]
    r = run(*args)
    assert r.returncode == 2 and b"Traceback" not in r.stderr, r.stderr
    rows = read_jsonl(r.stdout)
    plain = read_jsonl(run("batch", "-", input=json.dumps({"id": "p", "text": FILLER}).encode()).stdout)
    # The title goes on top as a heading, unless the text already opens with it: the same
    # findings at the same places as the posting written with its heading.
    for pid in ("titled", "has-title"):
        assert [(x["code"], x["start"], x["line"]) for x in rows if x["id"] == pid] == [
            (x["code"], x["start"], x["line"]) for x in plain
        ]
    assert "JD301" in codes(rows, "html")
    assert any("Anzeige" in x["message"] for x in rows if x["id"] == "german")  # read as German
    assert [x["error"] for x in rows if x["id"] == "french"] == ["row 5: language 'fr' is not one of: auto, en, de"]


def test_parquet_feed_and_output(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed: pip install 'jdlint[parquet]'")
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2, 3], "text": [GOOD, FILLER, None]})
    pq.write_table(table, tmp_path / "feed.parquet", row_group_size=2)
    out = tmp_path / "findings.parquet"
    r = run("batch", str(tmp_path / "feed.parquet"), "--output", str(out))
    assert r.returncode == 2 and r.stdout == b"", r.stderr
    got = pq.read_table(out).to_pylist()
    assert got[-1]["id"] == "3" and "no value in column 'text'" in got[-1]["error"]
    # The same rows as JSON Lines: `fix` as a JSON string, and null where a row has no such field.
    as_jsonl = read_jsonl(run("batch", str(tmp_path / "feed.parquet")).stdout)
    assert len(got) == len(as_jsonl)
    for flat, row in zip(got, as_jsonl):
        assert {k: v for k, v in flat.items() if v is not None and k != "fix"} == {
            k: v for k, v in row.items() if v is not None and k != "fix"
        }
        assert (json.loads(flat["fix"]) if flat["fix"] else None) == row.get("fix")
    assert "JD301" in codes(got, "2") and len(codes(got, "1")) < len(codes(got, "2"))


def test_feed_errors_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", [{"posting": "a", "body": FILLER}])
    r = run("batch", str(feed))
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode().startswith("error: ") and "'id', 'text'" in r.stderr.decode()
    assert "'posting', 'body'" in r.stderr.decode()  # the columns it has
    assert run("batch", str(feed), "--id", "posting", "--text", "body").returncode == 1

    table = tmp_path / "feed.csv"
    table.write_text("id,body\na,hello\n", encoding="utf-8")
    r = run("batch", str(table), "--title", "headline")
    assert r.returncode == 2 and "'text', 'headline'" in r.stderr.decode() and "'id', 'body'" in r.stderr.decode()

    for args, message in [
        ([str(tmp_path / "feed.xml")], "a feed is .jsonl, .ndjson, .csv or .parquet"),
        ([str(tmp_path / "missing.jsonl")], "no such file"),
        ([str(feed), "--id", "posting", "--text", "body", "-o", str(tmp_path / "out.txt")], "write .jsonl"),
    ]:
        r = run("batch", *args)
        assert r.returncode == 2 and message in r.stderr.decode() and b"Traceback" not in r.stderr, r.stderr


def test_missing_extras_say_what_to_install(tmp_path: Path) -> None:
    """Without pyarrow or Dask importable, the run stops with the install command, exit 2."""
    feed = write_jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": FILLER}])
    (tmp_path / "feed.parquet").write_bytes(b"PAR1")
    for blocked, args, message in [
        ("pyarrow", [str(tmp_path / "feed.parquet")], "reading Parquet needs pyarrow: pip install 'jdlint[parquet]'"),
        ("pyarrow", [str(feed), "-o", str(tmp_path / "out.parquet")], "writing Parquet needs pyarrow"),
        ("distributed", [str(feed), "--scheduler", "local"], "--scheduler needs Dask: pip install 'jdlint[dask]'"),
    ]:
        # An interpreter where the package cannot be imported, as on a machine without the extra.
        code = f"import sys; sys.modules[{blocked!r}] = None; from jdlint.cli import main; main()"
        r = subprocess.run([sys.executable, "-c", code, "batch", *args], capture_output=True, timeout=300)
        assert r.returncode == 2 and r.stderr.decode().startswith(f"error: {message}"), r.stderr
        assert b"Traceback" not in r.stderr and r.stdout == b""


def _corpus_files(corpus: Path, n: int) -> list[Path]:
    en, de = sorted((corpus / "en").glob("*.md")), sorted((corpus / "de").glob("*.md"))
    return en[:: max(1, len(en) // (n * 3 // 4))][: n * 3 // 4] + de[:: max(1, len(de) // (n // 4))][: n // 4]


def test_same_findings_as_check_json(corpus: Path, tmp_path: Path) -> None:
    files = _corpus_files(corpus, 40)
    ids = [f"{f.parent.name}/{f.name}" for f in files]
    feed = write_jsonl(
        tmp_path / "feed.jsonl", [{"id": i, "text": f.read_bytes().decode("utf-8")} for i, f in zip(ids, files)]
    )
    batch = run("batch", str(feed))
    assert batch.returncode in (0, 1), batch.stderr
    check = run("--format", "json", *map(str, files))
    assert check.returncode in (0, 1), check.stderr
    keys = ("code", "start", "end", "message", "line", "column")
    rows = read_jsonl(batch.stdout)
    assert not [r for r in rows if "error" in r]
    for pid, result in zip(ids, json.loads(check.stdout)):
        want = [tuple(f[k] for k in keys) for f in result["findings"]]
        assert [tuple(r[k] for k in keys) for r in rows if r["id"] == pid] == want, pid
    assert {r["id"] for r in rows} <= set(ids)


def _first_words(text: str, words: int) -> str:
    """The posting's opening lines up to about `words` words, its Markdown kept."""
    out: list[str] = []
    count = 0
    for line in text.splitlines(keepends=True):
        out.append(line)
        count += len(line.split())
        if count >= words:
            break
    return "".join(out)


def test_dask_cluster_gives_the_rows_of_one_process(corpus: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="Dask is not installed: pip install 'jdlint[dask]'")
    files = sorted((corpus / "en").glob("*.md")) + sorted((corpus / "de").glob("*.md"))
    texts = [_first_words(f.read_text(encoding="utf-8"), 150) for f in files]
    feed = write_jsonl(
        tmp_path / "feed.jsonl",
        [{"id": f"p{i:04d}", "text": t} for i, t in zip(range(2000), itertools.cycle(texts))],
    )
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = run("batch", str(feed), "--scheduler", cluster.scheduler_address)
    assert on_dask.returncode in (0, 1), on_dask.stderr
    alone = run("batch", str(feed), "-j", "1")
    assert alone.returncode in (0, 1), alone.stderr
    assert on_dask.stdout == alone.stdout
    rows = read_jsonl(alone.stdout)
    assert len({r["id"] for r in rows}) > 1900 and not [r for r in rows if "error" in r]
    assert "2,000 postings" in on_dask.stderr.decode()
