"""The on-disk cache of word analyses: read back on the next run, the same answers as without
it, and never a reason for a lint to fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from jdlint.nlp import Morphology

POSTING = (ROOT / "examples" / "posting.md").read_text(encoding="utf-8")
GERMAN = "# Kundenberater (m/w/d)\n\n## Deine Aufgaben\n\n- Du beantwortest Kundenanfragen am Telefon.\n"


def lint(tmp: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    (tmp / "p.md").write_text(POSTING, encoding="utf-8")
    (tmp / "de.md").write_text(GERMAN, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "jdlint", "--format", "json", *args, "p.md", "de.md"],
        cwd=tmp,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_a_second_process_reads_the_analyses_and_needs_no_tagger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JDLINT_CACHE_DIR", str(tmp_path))
    first = Morphology("de")
    words = ["Kundenanfragen", "beantwortest", "Telefon", "C++-Entwickler"]
    answers = [first.analyze(w) for w in words]
    first.save()
    assert list(tmp_path.glob("morphology-de-*.sqlite"))
    second = Morphology("de")  # as a new process would start
    second.prefetch(words)
    assert [second.analyze(w) for w in words] == answers
    assert second._tagger is None  # HanTa was never loaded
    third = Morphology("de")  # a word asked about alone (a name for a message) is read from disk too
    assert third.analyze("Kundenanfragen") == answers[0] and third._tagger is None
    assert answers[0][3]  # compound parts survive the round trip


def test_results_are_the_same_with_a_cold_a_warm_and_no_cache(tmp_path: Path) -> None:
    env = {"JDLINT_CACHE_DIR": str(tmp_path / "cache")}
    cold = lint(tmp_path, env=env)
    assert list((tmp_path / "cache").glob("morphology-*.sqlite"))
    warm = lint(tmp_path, env=env)
    off = lint(tmp_path, "--no-cache", env={"JDLINT_CACHE_DIR": str(tmp_path / "unused")})
    assert cold.returncode == warm.returncode == off.returncode == 1
    assert json.loads(cold.stdout) == json.loads(warm.stdout) == json.loads(off.stdout)
    assert not (tmp_path / "unused").exists()


def test_a_damaged_or_unwritable_cache_is_passed_over(tmp_path: Path) -> None:
    expected = json.loads(lint(tmp_path, "--no-cache").stdout)
    cache = tmp_path / "cache"
    lint(tmp_path, env={"JDLINT_CACHE_DIR": str(cache)})
    for f in cache.glob("morphology-*.sqlite"):
        f.write_bytes(b"this is not a database" * 100)
    damaged = lint(tmp_path, env={"JDLINT_CACHE_DIR": str(cache)})
    assert damaged.returncode == 1 and json.loads(damaged.stdout) == expected, damaged.stderr
    assert all(f.read_bytes().startswith(b"SQLite format 3") for f in cache.glob("morphology-*.sqlite"))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    unwritable = lint(tmp_path, env={"JDLINT_CACHE_DIR": str(blocked / "cache")})
    assert unwritable.returncode == 1 and json.loads(unwritable.stdout) == expected, unwritable.stderr


RULE = "id: JD999\nname: demo\nwhy: |\n  A reason.\nitems:\n  - a: 1\n    b: [x, y]\n"


def test_yaml_is_read_back_from_the_cache_with_its_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jdlint import yamlio

    monkeypatch.setenv("JDLINT_CACHE_DIR", str(tmp_path / "cache"))
    yamlio._store.cache_clear()
    path = tmp_path / "rule.yaml"
    path.write_text(RULE, encoding="utf-8")
    parsed = yamlio.load_file(path)
    assert list((tmp_path / "cache").glob("yaml-*.sqlite"))
    stored = yamlio.load_file(path)  # from the cache
    assert stored == parsed and stored is not parsed
    assert isinstance(stored, yamlio.LineDict) and stored.line_of("items") == 5
    assert stored["items"][0].line_of("b") == 7
    path.write_text(RULE.replace("a: 1", "a: 2"), encoding="utf-8")  # an edit is read, not the old entry
    assert yamlio.load_file(path)["items"][0]["a"] == 2
    yamlio._store.cache_clear()


def test_a_cache_entry_that_would_run_code_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import hashlib
    import pickle

    from jdlint import yamlio

    monkeypatch.setenv("JDLINT_CACHE_DIR", str(tmp_path / "cache"))
    yamlio._store.cache_clear()
    path = tmp_path / "rule.yaml"
    path.write_text(RULE, encoding="utf-8")
    key = hashlib.sha256(f"0:{RULE}".encode()).hexdigest()
    hostile = pickle.dumps(subprocess.CompletedProcess(["x"], 0))  # any class but LineDict
    yamlio._store().put_many([(key, base64.b64encode(hostile).decode())])
    assert yamlio._store().get_many([key])  # the entry is there, and is refused
    assert yamlio.load_file(path)["name"] == "demo"
    yamlio._store.cache_clear()
