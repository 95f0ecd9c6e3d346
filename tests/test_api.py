"""The library API: plain data in and out, picklable, and usable from Dask."""

from __future__ import annotations

import pickle

import pytest

import jdlint

POSTINGS = [
    "# Support agent\n\nYou answer calls in order to help customers.\n",
    "# Kundenberater (m/w/d)\n\nDu beantwortest zum jetzigen Zeitpunkt Anfragen per Chat.\n",
]


def test_results_pickle_round_trip():
    result = jdlint.lint_text(POSTINGS[0])
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert any(f.name == "filler-word" for f in again.findings)


def test_lint_paths(tmp_path):
    for i, text in enumerate(POSTINGS):
        (tmp_path / f"{i}.md").write_text(text, encoding="utf-8")
    results = jdlint.lint_paths([tmp_path])
    assert [r.language for r in results] == ["en", "de"]


def test_dask_bag_on_the_local_scheduler():
    bag = pytest.importorskip("dask.bag")
    results = bag.from_sequence(POSTINGS, npartitions=2).map(jdlint.lint_text).compute(scheduler="processes")
    assert [r.findings for r in results] == [jdlint.lint_text(t).findings for t in POSTINGS]
